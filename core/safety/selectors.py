"""Reads of the safety register. They run on the current residence schema only."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.safety.models import CheckRecord, Incident, RulesAcknowledgement, SafetyCheck, SpaceRules


def access_check_by_id(*, actor, id) -> SafetyCheck:  # noqa: A002
    """A SafetyCheck of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(SafetyCheck.objects.select_related("space"), id, actor=actor, message=_("Contrôle introuvable"))


def access_incident_by_id(*, actor, id) -> Incident:  # noqa: A002
    """A Incident of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(Incident.objects.select_related("space"), id, actor=actor, message=_("Incident introuvable"))


def access_rules_by_id(*, actor, id) -> SpaceRules:  # noqa: A002
    """A SpaceRules of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(SpaceRules.objects.select_related("space"), id, actor=actor, message=_("Règles introuvables"))


def current_rules(*, space) -> SpaceRules | None:
    """The version in force: the highest one."""
    return SpaceRules.objects.filter(space=space).order_by("-version").first()


def rules_list(*, space=None, current_only: bool = False) -> QuerySet[SpaceRules]:
    qs = SpaceRules.objects.select_related("space").annotate(acknowledgement_count=Count("acknowledgements"))
    if space is not None:
        qs = qs.filter(space=space)
    if current_only:
        latest = SpaceRules.objects.filter(space=OuterRef("space")).order_by("-version").values("version")[:1]
        qs = qs.filter(version=Subquery(latest))
    return qs.order_by("space__name", "-version")


def acknowledgement_list(*, space=None, partner=None) -> QuerySet[RulesAcknowledgement]:
    qs = RulesAcknowledgement.objects.select_related("rules__space", "partner")
    if space is not None:
        qs = qs.filter(rules__space=space)
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs.order_by("-acknowledged_at", "-id")


def rules_acknowledgement_problem(*, space, partner) -> str | None:
    """None if `partner` acknowledged the current rules of `space`, else why a booking is refused."""
    rules = current_rules(space=space)
    if rules is None:
        return _("Aucune règle de sécurité n'est publiée pour « %(space)s » : publiez-les et faites-les accepter "
                 "par %(partner)s avant de réserver.") % {"space": space.name, "partner": partner.name}
    if not RulesAcknowledgement.objects.filter(rules=rules, partner=partner).exists():
        return _("%(partner)s n'a pas pris connaissance des règles de sécurité en vigueur de « %(space)s » "
                 "(version %(version)d) : faites-les accepter avant de réserver.") % {
            "partner": partner.name, "space": space.name, "version": rules.version}
    return None


def check_list(*, search: str = "", kind: str = "", space=None, overdue_on: dt.date | None = None,
               active_only: bool = True) -> QuerySet[SafetyCheck]:
    last_done = CheckRecord.objects.filter(check_item=OuterRef("pk")).order_by("-done_on", "-id")
    qs = SafetyCheck.objects.select_related("space").annotate(
        last_done_on=Subquery(last_done.values("done_on")[:1]),
        last_outcome=Subquery(last_done.values("outcome")[:1]),
    )
    if search:
        qs = qs.filter(Q(label__icontains=search) | Q(space__name__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    if space is not None:
        qs = qs.filter(space=space)
    if active_only:
        qs = qs.filter(is_active=True)
    if overdue_on is not None:
        qs = qs.filter(next_due_on__lt=overdue_on)
    return qs.order_by("next_due_on", "label", "id")


def check_search(*, overdue: bool = False, **criteria) -> QuerySet[SafetyCheck]:
    """The check list as the filter form asks for it: `overdue` means overdue today (Paris)."""
    return check_list(overdue_on=timezone.localdate() if overdue else None, **criteria)


def overdue_checks(*, today: dt.date) -> QuerySet[SafetyCheck]:
    """Active checks whose due date has passed without a record, most overdue first, with their
    space joined: one query however many rows (for the coordinator's home page)."""
    return SafetyCheck.objects.filter(is_active=True, next_due_on__lt=today).select_related("space").order_by(
        "next_due_on", "label", "id"
    )


def check_records(*, check) -> QuerySet[CheckRecord]:
    return CheckRecord.objects.filter(check_item=check).order_by("-done_on", "-id")


def incident_list(*, search: str = "", status: str = "", severity: str = "", space=None) -> QuerySet[Incident]:
    qs = Incident.objects.select_related("space")
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(description__icontains=search)
                       | Q(actions_taken__icontains=search))
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if space is not None:
        qs = qs.filter(space=space)
    return qs.order_by("-occurred_at", "-id")


# --- Indicator reads -----------------------------------------------------------------------------

def checks_due_between(*, start: dt.date, end: dt.date, today: dt.date) -> tuple[int, int]:
    """(done on time, due) for check occurrences due in [start, end).

    Due: every record whose due date is in the period, plus every active check still waiting on a
    due date in the period that is already past (before `today`: late, not yet done).
    On time: records done on or before their due date.
    """
    records = CheckRecord.objects.filter(due_on__gte=start, due_on__lt=end).aggregate(
        due=Count("id"), on_time=Count("id", filter=Q(done_on__lte=F("due_on")))
    )
    pending = SafetyCheck.objects.filter(
        is_active=True, next_due_on__gte=start, next_due_on__lt=min(end, today)
    ).count()
    return records["on_time"], records["due"] + pending


def incident_count_between(*, start: dt.datetime, end: dt.datetime) -> int:
    return Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end).count()
