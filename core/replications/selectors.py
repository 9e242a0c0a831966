"""Reads of the activity templates of the current residence."""
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.replications.models import ActivityTemplate


def activity_template_list() -> QuerySet[ActivityTemplate]:
    return ActivityTemplate.objects.all()


def access_activity_template_by_id(*, actor, id) -> ActivityTemplate:  # noqa: A002
    return access_by_id(ActivityTemplate.objects.all(), id, actor=actor, message=_("Modèle d'animation introuvable"))


def activity_template_initial(*, actor, id, today=None) -> dict:  # noqa: A002
    """What « Programmer une animation » puts in the activity form from a copied template (as `initial`):
    its title, kind, audience, capacity and intergenerational flag, and a first slot of the template's
    duration (tomorrow at 14:00, Paris time, to adjust). 404 like any other residence's row."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    template = access_activity_template_by_id(actor=actor, id=id)
    paris = ZoneInfo("Europe/Paris")
    day = (today or timezone.localdate(timezone=paris)) + dt.timedelta(days=1)
    starts_at = dt.datetime.combine(day, dt.time(14, 0), tzinfo=paris)
    return {
        "title": template.title, "kind": template.kind, "audience": template.audience,
        "capacity": template.capacity, "is_intergenerational": template.is_intergenerational,
        "starts_at": starts_at, "ends_at": starts_at + dt.timedelta(minutes=template.duration_minutes),
    }
