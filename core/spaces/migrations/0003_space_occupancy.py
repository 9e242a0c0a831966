"""One occupancy table for a space: confirmed bookings and scheduled activity sessions, kept by
triggers, with one exclusion constraint across both."""
import core.spaces.models
import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
import django.db.models.deletion
from django.db import migrations, models

# Triggers: a row per confirmed booking / per scheduled session held in a space. On update they
# resync only when the space, the hours or the status change, so editing a title or a count never
# re-checks an old slot. No schema is named: the functions are created in the migrating schema and
# resolve the tables through the session's search_path.
SQL = """
CREATE FUNCTION spaces_booking_occupancy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.space_id IS NOT DISTINCT FROM OLD.space_id
       AND NEW.starts_at IS NOT DISTINCT FROM OLD.starts_at AND NEW.ends_at IS NOT DISTINCT FROM OLD.ends_at
       AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    DELETE FROM spaces_spaceoccupancy WHERE booking_id = NEW.id;
    IF NEW.status = 'confirmed' THEN
        INSERT INTO spaces_spaceoccupancy (space_id, starts_at, ends_at, booking_id)
        VALUES (NEW.space_id, NEW.starts_at, NEW.ends_at, NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER spaces_booking_occupancy AFTER INSERT OR UPDATE ON spaces_booking
    FOR EACH ROW EXECUTE FUNCTION spaces_booking_occupancy();
CREATE FUNCTION spaces_activity_occupancy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.space_id IS NOT DISTINCT FROM OLD.space_id
       AND NEW.starts_at IS NOT DISTINCT FROM OLD.starts_at AND NEW.ends_at IS NOT DISTINCT FROM OLD.ends_at
       AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    DELETE FROM spaces_spaceoccupancy WHERE activity_id = NEW.id;
    IF NEW.space_id IS NOT NULL AND NEW.status = 'scheduled' THEN
        INSERT INTO spaces_spaceoccupancy (space_id, starts_at, ends_at, activity_id)
        VALUES (NEW.space_id, NEW.starts_at, NEW.ends_at, NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER spaces_activity_occupancy AFTER INSERT OR UPDATE ON activities_activity
    FOR EACH ROW EXECUTE FUNCTION spaces_activity_occupancy();
INSERT INTO spaces_spaceoccupancy (space_id, starts_at, ends_at, booking_id)
    SELECT space_id, starts_at, ends_at, id FROM spaces_booking WHERE status = 'confirmed'
    ON CONFLICT DO NOTHING;
INSERT INTO spaces_spaceoccupancy (space_id, starts_at, ends_at, activity_id)
    SELECT space_id, starts_at, ends_at, id FROM activities_activity
    WHERE space_id IS NOT NULL AND status = 'scheduled' ORDER BY starts_at, id
    ON CONFLICT DO NOTHING
"""

REVERSE_SQL = """
DROP TRIGGER IF EXISTS spaces_activity_occupancy ON activities_activity;
DROP FUNCTION IF EXISTS spaces_activity_occupancy();
DROP TRIGGER IF EXISTS spaces_booking_occupancy ON spaces_booking;
DROP FUNCTION IF EXISTS spaces_booking_occupancy()
"""


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0004_activity_constraints_check_in_token'),
        ('spaces', '0002_opening_hours_bookings_desk_log'),
    ]

    operations = [
        migrations.AddField(
            model_name='space',
            name='outside_hours',
            field=models.CharField(choices=[('refuse', 'refuser'), ('warn', 'avertir (la coordination peut confirmer)')], default='refuse', help_text='Une réservation ou une animation hors des horaires : refusée, ou acceptée après confirmation.', max_length=10, verbose_name="en dehors des horaires d'ouverture"),
        ),
        migrations.CreateModel(
            name='SpaceOccupancy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField(verbose_name='début')),
                ('ends_at', models.DateTimeField(verbose_name='fin')),
                ('activity', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='occupancy', to='activities.activity', verbose_name='animation')),
                ('booking', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='occupancy', to='spaces.booking', verbose_name='réservation')),
                ('space', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='occupancies', to='spaces.space', verbose_name='espace')),
            ],
            options={
                'verbose_name': "occupation d'un espace",
                'verbose_name_plural': 'occupations des espaces',
                'ordering': ['starts_at', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('booking__isnull', False), ('activity__isnull', True)), models.Q(('booking__isnull', True), ('activity__isnull', False)), _connector='OR'), name='occupancy_booking_or_activity', violation_error_message="Une occupation vient d'une réservation ou d'une animation."), django.contrib.postgres.constraints.ExclusionConstraint(expressions=[('space', '='), (core.spaces.models.TsTzRange('starts_at', 'ends_at', django.contrib.postgres.fields.ranges.RangeBoundary()), '&&')], name='space_occupancy_no_overlap', violation_error_message='Cet espace est déjà occupé sur ce créneau.')],
            },
        ),
        migrations.RunSQL(SQL, REVERSE_SQL),
    ]
