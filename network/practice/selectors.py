"""Reads of the network of practice. Public tables only: no network page reads a residence schema.

Who reads what: members only (head office, landlords' staff, coordinators); a landlord viewer sees
the sheets published for landlords and the resources and events marked for them; a coordinator the
published sheets and what is marked for coordinators; the head office everything but drafts."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from network.practice.models import (
    EventRegistration,
    NetworkEvent,
    NetworkResource,
    PracticeSheet,
    ResourceVersion,
    SheetReuse,
    SheetStatus,
)


def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_head_office or user.is_landlord_viewer or user.is_coordinator))


def _require_member(user) -> None:
    if not is_member(user):
        raise PermissionDenied


# --- Sheets -----------------------------------------------------------------------------------------

def _readable_sheets(user) -> QuerySet[PracticeSheet]:
    _require_member(user)
    qs = PracticeSheet.objects.all()
    if user.is_head_office:
        return qs.exclude(status=SheetStatus.DRAFT)
    qs = qs.filter(status=SheetStatus.PUBLISHED)
    return qs.filter(for_landlords=True) if user.is_landlord_viewer else qs


def sheet_list(*, user, search: str = "", theme: str = "", audience: str = "", cost_band: str = "",
               size_band: str = "", status: str = "") -> QuerySet[PracticeSheet]:
    """The sheets `user` may read, filtered as on the page, the export and the API."""
    qs = _readable_sheets(user).annotate(reuse_count=Count("reuses"))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(context__icontains=search) | Q(how__icontains=search)
                       | Q(what_worked__icontains=search))
    for field, value in (("theme", theme), ("audience", audience), ("cost_band", cost_band),
                         ("size_band", size_band), ("status", status)):
        if value:
            qs = qs.filter(**{field: value})
    return qs.order_by("-published_at", "-submitted_at", "-id")


def access_sheet_by_id(*, actor, id) -> PracticeSheet:  # noqa: A002
    """A sheet `actor` may read on the bare domain, or 404 (a draft, or not published for them)."""
    if not is_member(actor):
        raise Http404(_("Fiche introuvable"))
    try:
        return _readable_sheets(actor).get(pk=int(id))
    except (PracticeSheet.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Fiche introuvable")) from exc


def review_queue() -> QuerySet[PracticeSheet]:
    return PracticeSheet.objects.filter(status=SheetStatus.SUBMITTED).select_related("residence").order_by(
        "submitted_at", "id")


def _current_residence_id() -> int | None:
    """The residence the connection is on (a request's tenant, or a task's schema), None on public."""
    from tenants.models import Residence

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Residence):
        return tenant.pk
    if connection.schema_name in ("public", None):
        return None
    return Residence.objects.filter(schema_name=connection.schema_name).values_list("pk", flat=True).first()


def residence_counts_between(*, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    """For the current residence's indicators: its sheets published, the sheets it reused, and the
    attendances of its coordinators at network events, in [start, end)."""
    residence_id = _current_residence_id()
    return {
        "published": PracticeSheet.objects.filter(residence_id=residence_id, status=SheetStatus.PUBLISHED,
                                                  published_at__gte=start, published_at__lt=end).count(),
        "reuses": SheetReuse.objects.filter(residence_id=residence_id, reused_at__gte=start,
                                            reused_at__lt=end).count(),
        "attendance": EventRegistration.objects.filter(residence_id=residence_id, attended=True,
                                                       event__starts_at__gte=start,
                                                       event__starts_at__lt=end).count(),
    }


def residence_sheet_list() -> QuerySet[PracticeSheet]:
    """The sheets written in the current residence (on its host), drafts included."""
    return PracticeSheet.objects.filter(residence_id=_current_residence_id()).order_by("-created_at", "-id")


def access_residence_sheet_by_id(*, actor, id) -> PracticeSheet:  # noqa: A002
    """A sheet of the current residence (on its host), or 404: another residence's sheet never resolves."""
    return access_by_id(PracticeSheet.objects.filter(residence_id=_current_residence_id()), id, actor=actor,
                        message=_("Fiche introuvable"))


def access_published_sheet_by_id(*, actor, id) -> PracticeSheet:  # noqa: A002
    """A published sheet of the network, for « Faire pareil chez nous » on the reader's residence host."""
    return access_by_id(PracticeSheet.objects.filter(status=SheetStatus.PUBLISHED), id, actor=actor,
                        message=_("Fiche introuvable"))


def reuses_of(*, sheet: PracticeSheet) -> QuerySet[SheetReuse]:
    return sheet.reuses.select_related("residence").order_by("reused_at", "id")


def residence_reuses() -> QuerySet[SheetReuse]:
    return SheetReuse.objects.filter(residence_id=_current_residence_id()).select_related("sheet")


# --- Resources and events: one audience rule ----------------------------------------------------------

def _audience_filter(user) -> Q:
    _require_member(user)
    if user.is_head_office:
        return Q()
    if user.is_landlord_viewer:
        return Q(for_landlords=True)
    return Q(for_coordinators=True)


def resource_list(*, user, search: str = "", kind: str = "", tag: str = "") -> QuerySet[NetworkResource]:
    qs = (NetworkResource.objects.filter(_audience_filter(user))
          .annotate(version_count=Count("versions"), last_upload=Max("versions__uploaded_at")).order_by("title", "id"))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(description__icontains=search) | Q(tags__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    if tag:
        qs = qs.filter(tags__icontains=tag)
    return qs.prefetch_related(Prefetch("versions", queryset=ResourceVersion.objects.order_by("-number")))


def access_resource_by_id(*, actor, id) -> NetworkResource:  # noqa: A002
    if not is_member(actor):
        raise Http404(_("Ressource introuvable"))
    try:
        return NetworkResource.objects.filter(_audience_filter(actor)).get(pk=int(id))
    except (NetworkResource.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Ressource introuvable")) from exc


def access_resource_version_by_id(*, actor, id) -> ResourceVersion:  # noqa: A002
    """A version to download, if `actor` may see its resource; else 404. Files go out through this only."""
    if not is_member(actor):
        raise Http404(_("Fichier introuvable"))
    try:
        return (ResourceVersion.objects.select_related("resource")
                .filter(resource__in=NetworkResource.objects.filter(_audience_filter(actor))).get(pk=int(id)))
    except (ResourceVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Fichier introuvable")) from exc


def event_list(*, user, upcoming: bool | None = None, kind: str = "", search: str = "",
               now: dt.datetime | None = None) -> QuerySet[NetworkEvent]:
    from django.utils import timezone

    qs = NetworkEvent.objects.filter(_audience_filter(user)).annotate(
        registration_count=Count("registrations", distinct=True),
        attended_count=Count("registrations", filter=Q(registrations__attended=True), distinct=True)
    ).order_by("starts_at", "id")
    moment = now or timezone.now()
    if upcoming is True:
        qs = qs.filter(ends_at__gte=moment)
    elif upcoming is False:
        qs = qs.filter(ends_at__lt=moment).order_by("-starts_at", "-id")
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(description__icontains=search) | Q(place__icontains=search))
    return qs


def access_event_by_id(*, actor, id) -> NetworkEvent:  # noqa: A002
    if not is_member(actor):
        raise Http404(_("Événement introuvable"))
    try:
        return NetworkEvent.objects.filter(_audience_filter(actor)).get(pk=int(id))
    except (NetworkEvent.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Événement introuvable")) from exc


def event_registrations(*, event: NetworkEvent) -> QuerySet[EventRegistration]:
    return event.registrations.select_related("residence").order_by("name", "id")


def registration_of(*, event: NetworkEvent, user) -> EventRegistration | None:
    return event.registrations.filter(user=user).first()


# --- Experiments --------------------------------------------------------------------------------------

@dataclass
class Replication:
    residence: object
    reused_at: dt.datetime
    lines: list  # (indicator, cells of the months before the first reuse, cells from its month on)


def experiment_list(*, user) -> QuerySet[PracticeSheet]:
    return (_readable_sheets(user).filter(is_experiment=True)
            .annotate(reuse_count=Count("reuses__residence", distinct=True)).order_by("-published_at", "-id"))


def access_experiment_by_id(*, actor, id) -> PracticeSheet:  # noqa: A002
    sheet = access_sheet_by_id(actor=actor, id=id)
    if not sheet.is_experiment or actor.is_coordinator:
        raise Http404(_("Expérimentation introuvable"))
    return sheet


EXPERIMENT_MONTHS = 3


def experiment_comparison(*, sheet: PracticeSheet, scope, indicators: list[str], months: int = EXPERIMENT_MONTHS,
                          ) -> list[Replication]:
    """For each residence that replicated the sheet and is in `scope`: the indicators' monthly cells for
    the `months` months before the month of its first reuse and the `months` months from it on, read
    through the one door `ReportingScope.cells` (so a landlord gets small counts hidden)."""
    from django.utils import timezone

    from reporting.indicators import CATALOGUE
    from reporting.periods import add_months, month_start

    first: dict[int, SheetReuse] = {}
    for reuse in reuses_of(sheet=sheet):
        first.setdefault(reuse.residence_id, reuse)
    in_scope = set(scope.residences().filter(pk__in=list(first)).values_list("pk", flat=True))
    rows = []
    for residence_id, reuse in first.items():
        if residence_id not in in_scope:
            continue
        month = month_start(timezone.localtime(reuse.reused_at).date())
        start, end = add_months(month, -months), add_months(month, months - 1)
        grid = scope.cells(period_kind="month", start=start, end=end, indicators=indicators,
                           residence_ids=[residence_id])
        lines = [(CATALOGUE[code],
                  [grid.get(residence_id, code, add_months(start, i)) for i in range(months)],
                  [grid.get(residence_id, code, add_months(month, i)) for i in range(months)])
                 for code in indicators]
        rows.append(Replication(residence=reuse.residence, reused_at=reuse.reused_at, lines=lines))
    return rows
