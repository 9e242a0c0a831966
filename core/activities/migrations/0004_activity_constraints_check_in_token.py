import core.activities.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0003_place_and_facilitator_to_space_and_partner'),
    ]

    operations = [
        migrations.AlterField(
            model_name='activity',
            name='check_in_token',
            field=models.CharField(default=core.activities.models.new_check_in_token, editable=False, max_length=40, unique=True, verbose_name='jeton de pointage'),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('space__isnull', False), ('place', '')), models.Q(('space__isnull', True), models.Q(('place', ''), _negated=True)), _connector='OR'), name='activity_one_place', violation_error_message='Choisissez un espace de la résidence ou indiquez un autre lieu, pas les deux.'),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('organiser_kind', 'coordinator'), ('organiser_partner__isnull', True), ('organiser_resident__isnull', True)), models.Q(('organiser_kind', 'resident'), ('organiser_partner__isnull', True), ('organiser_resident__isnull', False)), models.Q(('organiser_kind', 'partner'), ('organiser_partner__isnull', False), ('organiser_resident__isnull', True)), _connector='OR'), name='activity_organiser_matches_kind', violation_error_message="L'organisateur·rice doit correspondre au type choisi."),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'cancelled'), ('cancellation_reason', ''), _connector='OR'), name='activity_reason_only_when_cancelled', violation_error_message="Un motif d'annulation n'a de sens que pour une animation annulée."),
        ),
    ]
