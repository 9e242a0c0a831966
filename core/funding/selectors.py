"""Reads of calls, applications, reports owed and funding plans. Current residence schema only."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.funding.models import (
    GRANTED,
    OPEN,
    Application,
    ApplicationStage,
    CallForProjects,
    FeedRun,
    FundingLine,
    ReminderKind,
    ReportDue,
)

ZERO = Decimal("0.00")


def access_call_by_id(*, actor, id) -> CallForProjects:  # noqa: A002
    return access_by_id(CallForProjects.objects.select_related("funder"), id, actor=actor, message=_("Appel à projets introuvable"))


def access_application_by_id(*, actor, id) -> Application:  # noqa: A002
    return access_by_id(Application.objects.select_related("call", "call__funder", "project"), id, actor=actor, message=_("Dossier introuvable"))


def access_report_by_id(*, actor, id) -> ReportDue:  # noqa: A002
    return access_by_id(ReportDue.objects.select_related("application"), id, actor=actor, message=_("Compte rendu introuvable"))


def access_funding_line_by_id(*, actor, id) -> FundingLine:  # noqa: A002
    return access_by_id(FundingLine.objects.select_related("project", "application"), id, actor=actor, message=_("Ligne introuvable"))


def call_list(*, search: str = "", status: str = "", source: str = "", eligible: str = "",
              updated_only: bool = False, deadline_from: dt.date | None = None,
              deadline_to: dt.date | None = None) -> QuerySet[CallForProjects]:
    qs = CallForProjects.objects.select_related("funder").annotate(application_count=Count("applications"))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(funder_name__icontains=search) | Q(funder__name__icontains=search)
                       | Q(description__icontains=search) | Q(notes__icontains=search))
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    if eligible:
        qs = qs.filter(eligible__contains=[eligible])
    if updated_only:
        qs = qs.filter(updated_at_source=True)
    if deadline_from:
        qs = qs.filter(deadline__gte=deadline_from)
    if deadline_to:
        qs = qs.filter(deadline__lte=deadline_to)
    return qs.order_by("deadline", "title", "id")


def application_list(*, search: str = "", stage: str = "", call: CallForProjects | None = None, project=None,
                     decided_from: dt.date | None = None, decided_to: dt.date | None = None) -> QuerySet[Application]:
    """Applications with their call, project and co-applicants: a fixed number of queries."""
    qs = Application.objects.select_related("call", "call__funder", "project").prefetch_related("co_applicants")
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(call__title__icontains=search)
                       | Q(call__funder_name__icontains=search) | Q(notes__icontains=search))
    if stage:
        qs = qs.filter(stage=stage)
    if call is not None:
        qs = qs.filter(call=call)
    if project is not None:
        qs = qs.filter(project=project)
    if decided_from:
        qs = qs.filter(decision_on__gte=decided_from)
    if decided_to:
        qs = qs.filter(decision_on__lte=decided_to)
    return qs.order_by("-created_at", "-id")


def applications_of_partner(*, partner) -> QuerySet[Application]:
    return Application.objects.filter(co_applicants=partner).select_related("call").order_by("-created_at")


def latest_feed_run() -> FeedRun | None:
    return FeedRun.objects.order_by("-started_at", "-id").first()


def feed_enabled() -> bool:
    return bool(settings.AIDES_TERRITOIRES_API_KEY)


@dataclass
class FundingPlan:
    lines: list[FundingLine]
    planned: Decimal
    obtained: Decimal

    @property
    def missing(self) -> Decimal:
        return max(self.planned - self.obtained, ZERO)


def funding_plan(*, project) -> FundingPlan:
    lines = list(FundingLine.objects.filter(project=project).select_related("application").order_by("id"))
    planned = sum((line.planned for line in lines), ZERO)
    obtained = sum((line.obtained_amount for line in lines), ZERO)
    return FundingPlan(lines=lines, planned=planned, obtained=obtained)


# --- Reminders -------------------------------------------------------------------------------------

def deadline_reminders_due(*, today: dt.date, residence) -> list[tuple]:
    """(kind, target id, days before, due date, subject, body) for each call with an open application whose
    deadline is exactly one of the reminder distances away — or closer, if a run was missed."""
    rows = []
    thresholds = sorted(settings.FUNDING_DEADLINE_REMINDER_DAYS, reverse=True)
    horizon = today + dt.timedelta(days=max(thresholds))
    calls = (CallForProjects.objects.filter(deadline__gte=today, deadline__lte=horizon,
                                            applications__stage__in=OPEN).distinct().order_by("deadline", "id"))
    for call in calls:
        left = (call.deadline - today).days
        days = min(t for t in thresholds if left <= t)
        subject = _("[%(residence)s] Date limite dans %(n)s jours : %(title)s") % {
            "residence": residence.name, "n": left, "title": call.title}
        body = _("Le dossier pour « %(title)s » (%(funder)s) n'est pas encore déposé. Date limite : %(day)s.") % {
            "title": call.title, "funder": call.funder_label, "day": call.deadline.strftime("%d/%m/%Y")}
        rows.append((ReminderKind.DEADLINE, call.pk, days, call.deadline, subject, body))
    return rows


def report_reminders_due(*, today: dt.date, residence) -> list[tuple]:
    rows = []
    thresholds = sorted(settings.FUNDING_REPORT_REMINDER_DAYS, reverse=True)
    horizon = today + dt.timedelta(days=max(thresholds))
    reports = (ReportDue.objects.filter(sent_on__isnull=True, due_on__gte=today, due_on__lte=horizon)
               .select_related("application", "application__call").order_by("due_on", "id"))
    for report in reports:
        left = (report.due_on - today).days
        days = min(t for t in thresholds if left <= t)
        subject = _("[%(residence)s] Compte rendu à rendre dans %(n)s jours : %(title)s") % {
            "residence": residence.name, "n": left, "title": report.application.title}
        body = _("« %(label)s » du dossier « %(title)s » est à rendre au financeur le %(day)s.") % {
            "label": report.label, "title": report.application.title, "day": report.due_on.strftime("%d/%m/%Y")}
        rows.append((ReminderKind.REPORT, report.pk, days, report.due_on, subject, body))
    return rows


# --- Network, reporting ------------------------------------------------------------------------

def application_network_works(*, partner_ids: set[int], since: dt.date | None = None):
    from django.urls import reverse

    from core.partners.selectors import NetworkWork

    qs = Application.objects.filter(co_applicants__in=partner_ids).prefetch_related("co_applicants").distinct()
    if since:
        qs = qs.filter(created_at__date__gte=since)
    return [NetworkWork("application", a.title, reverse("funding:application", args=[a.pk]),
                        {p.pk for p in a.co_applicants.all()}) for a in qs]


def submitted_between(*, start: dt.date, end: dt.date) -> QuerySet[Application]:
    return Application.objects.filter(submitted_on__gte=start, submitted_on__lt=end)


def decided_between(*, start: dt.date, end: dt.date) -> QuerySet[Application]:
    return Application.objects.filter(decision_on__gte=start, decision_on__lt=end,
                                      stage__in=[*GRANTED, ApplicationStage.REFUSED])


def funding_totals(*, start: dt.date, end: dt.date) -> dict:
    """Requested (applications submitted in the period), granted (decided in the period): exact euros."""
    requested = submitted_between(start=start, end=end).aggregate(s=Sum("amount_requested"))["s"] or ZERO
    decided = decided_between(start=start, end=end)
    granted = decided.filter(stage__in=GRANTED).aggregate(s=Sum("amount_granted"))["s"] or ZERO
    return {"submitted": submitted_between(start=start, end=end).count(), "requested": requested,
            "decided": decided.count(), "granted_count": decided.filter(stage__in=GRANTED).count(),
            "granted": granted}
