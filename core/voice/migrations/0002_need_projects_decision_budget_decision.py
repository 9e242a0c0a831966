import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Issue 19's remaining links: needs answered by residents' projects; a budget vote's decision
    keeps the residents' decision it created in the budget."""

    dependencies = [
        ('budget', '0001_initial'),
        ('projects', '0001_initial'),
        ('voice', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='need',
            name='projects',
            field=models.ManyToManyField(blank=True, related_name='voice_needs', to='projects.residentproject',
                                         verbose_name="projets d'habitants qui y répondent"),
        ),
        migrations.AddField(
            model_name='consultationdecision',
            name='budget_decision',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name='consultation_decision', to='budget.decision',
                                       verbose_name='décision inscrite au budget'),
        ),
    ]
