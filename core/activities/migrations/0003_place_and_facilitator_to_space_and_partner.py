"""Existing free-text places and facilitators become links where they name a known space or partner.

- place: a place equal (case aside) to the name of one of the residence's spaces becomes that space;
  any other text stays as "another place"; an empty place becomes "Lieu non précisé".
- facilitator: a text equal to a partner's name makes that partner the organiser; any other text
  stays as a note next to the organiser, which is the coordination.
- every existing activity gets its own check-in token.
"""
import secrets

from django.db import migrations


def forwards(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    Space = apps.get_model("spaces", "Space")
    Partner = apps.get_model("partners", "Partner")
    spaces = {space.name.strip().lower(): space for space in Space.objects.all()}
    partners = {partner.name.strip().lower(): partner for partner in Partner.objects.all()}
    changed = []
    for activity in Activity.objects.all().iterator():
        space = spaces.get(activity.place.strip().lower())
        if space is not None:
            activity.space, activity.place = space, ""
        elif not activity.place.strip():
            activity.place = "Lieu non précisé"
        partner = partners.get(activity.facilitator.strip().lower())
        if partner is not None:
            activity.organiser_kind, activity.organiser_partner, activity.facilitator = "partner", partner, ""
        activity.check_in_token = secrets.token_urlsafe(24)
        changed.append(activity)
    Activity.objects.bulk_update(
        changed, ["space", "place", "organiser_kind", "organiser_partner", "facilitator", "check_in_token"],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    for activity in Activity.objects.select_related("space", "organiser_partner").iterator():
        if activity.space_id:
            activity.place = activity.space.name
        if activity.organiser_partner_id and not activity.facilitator:
            activity.facilitator = activity.organiser_partner.name
        activity.save(update_fields=["place", "facilitator"])


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0002_series_places_organisers_registrations'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
