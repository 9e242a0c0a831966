"""Reads of partners and their network. They run on the current residence schema only."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.partners.models import Interaction, NetworkMeeting, Partner, PartnerContact


def access_partner_by_id(*, actor, id) -> Partner:  # noqa: A002
    """A partner of the current residence, or 404: ids of another schema never resolve.
    The actor must be allowed in the residence."""
    return access_by_id(Partner.objects.all(), id, actor=actor, message=_("Partenaire introuvable"))


def access_interaction_by_id(*, actor, id) -> Interaction:  # noqa: A002
    return access_by_id(Interaction.objects.select_related("partner", "activity"), id, actor=actor,
                        message=_("Échange introuvable"))


def access_contact_by_id(*, actor, id) -> PartnerContact:  # noqa: A002
    return access_by_id(PartnerContact.objects.select_related("partner"), id, actor=actor,
                        message=_("Contact introuvable"))


def access_meeting_by_id(*, actor, id) -> NetworkMeeting:  # noqa: A002
    return access_by_id(NetworkMeeting.objects.prefetch_related("invited", "present"), id, actor=actor,
                        message=_("Réunion introuvable"))


def _duplicate_of(outer: str = "pk"):
    """Another partner with the same SIRET, or the same name and city (case-insensitive)."""
    same_siret = Q(siret=OuterRef("siret")) & ~Q(siret="")
    same_name_city = Q(name__iexact=OuterRef("name")) & Q(city__iexact=OuterRef("city")) & ~Q(city="")
    return Partner.objects.filter(same_siret | same_name_city).exclude(pk=OuterRef(outer))


def partner_list(*, search: str = "", kind: str = "", scope: str = "", area: str = "", status: str = "",
                 runs_workshops: bool | None = None, active_only: bool = False,
                 duplicates_only: bool = False) -> QuerySet[Partner]:
    """Partners with their last interaction date and a duplicate flag: one query whatever the rows."""
    qs = Partner.objects.annotate(last_interaction_on=Max("interactions__date"),
                                  has_duplicate=Exists(_duplicate_of()))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(contact_name__icontains=search) | Q(email__icontains=search)
                       | Q(city__icontains=search) | Q(siret__startswith=search.replace(" ", ""))
                       | Q(contacts__name__icontains=search)).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    if scope:
        qs = qs.filter(scope=scope)
    if area:
        qs = qs.filter(areas__contains=[area])
    if status:
        qs = qs.filter(status=status)
    if runs_workshops is not None:
        qs = qs.filter(runs_workshops=runs_workshops)
    if active_only:
        qs = qs.filter(is_active=True)
    if duplicates_only:
        qs = qs.filter(has_duplicate=True)
    return qs.order_by("name", "id")


def partner_duplicates(*, partner: Partner) -> QuerySet[Partner]:
    """Partners that look like the same organisation: same SIRET, or same name and city."""
    query = Q(pk__in=[])
    if partner.siret:
        query |= Q(siret=partner.siret)
    if partner.city:
        query |= Q(name__iexact=partner.name, city__iexact=partner.city)
    return Partner.objects.filter(query).exclude(pk=partner.pk).order_by("name", "id")


def interaction_list(*, search: str = "", partner: Partner | None = None, kind: str = "",
                     date_from: dt.date | None = None, date_to: dt.date | None = None,
                     open_next_steps: bool = False) -> QuerySet[Interaction]:
    qs = Interaction.objects.select_related("partner", "activity", "meeting")
    if search:
        qs = qs.filter(Q(note__icontains=search) | Q(next_step__icontains=search) | Q(partner__name__icontains=search))
    if partner is not None:
        qs = qs.filter(partner=partner)
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if open_next_steps:
        qs = qs.filter(next_step_done_on__isnull=True).exclude(next_step="")
    return qs.order_by("-date", "-id")


def open_next_steps() -> QuerySet[Interaction]:
    """Next steps not done yet, the most urgent first (no due date last): the coordinator's home page."""
    return (Interaction.objects.filter(next_step_done_on__isnull=True).exclude(next_step="")
            .select_related("partner").order_by(F("next_step_due").asc(nulls_last=True), "date", "id"))


def network_meeting_list(*, search: str = "", date_from: dt.date | None = None,
                         date_to: dt.date | None = None) -> QuerySet[NetworkMeeting]:
    qs = NetworkMeeting.objects.annotate(invited_count=Count("invited", distinct=True),
                                         present_count=Count("present", distinct=True))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(minutes__icontains=search) | Q(decisions__icontains=search))
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs.order_by("-date", "-id")


# --- Network: who works with whom on what -------------------------------------------------------

@dataclass
class NetworkWork:
    """One piece of shared work: an activity, a residents' project, an application or a meeting."""

    kind: str
    label: str
    url: str
    partner_ids: set[int] = field(default_factory=set)


@dataclass
class NetworkView:
    partners: list[Partner]
    works: list[NetworkWork]
    links: list[tuple[Partner, Partner, list[NetworkWork]]]  # partner–partner through shared work


def network_view(*, area: str = "", since: dt.date | None = None) -> NetworkView:
    """Partners × shared work (activities they organised, projects they support, applications they
    co-signed, network meetings they attended) and the partner pairs those works join. A fixed number
    of queries, whatever the rows."""
    from django.urls import reverse

    from core.activities.models import Activity

    partners_qs = Partner.objects.all()
    if area:
        partners_qs = partners_qs.filter(areas__contains=[area])
    partners = list(partners_qs.order_by("name", "id"))
    wanted = {p.pk for p in partners}
    works: list[NetworkWork] = []

    activities = Activity.objects.filter(organiser_partner__in=wanted)
    if since:
        activities = activities.filter(starts_at__date__gte=since)
    by_title: dict[str, NetworkWork] = {}
    for title, partner_id in activities.values_list("title", "organiser_partner_id").distinct():
        work = by_title.setdefault(title, NetworkWork("activity", title, reverse("activities:index")))
        work.partner_ids.add(partner_id)
    works.extend(by_title.values())

    meetings = NetworkMeeting.objects.prefetch_related("present")
    if since:
        meetings = meetings.filter(date__gte=since)
    for meeting in meetings:
        ids = {p.pk for p in meeting.present.all()} & wanted
        if ids:
            works.append(NetworkWork("meeting", meeting.title, reverse("partners:meeting", args=[meeting.pk]), ids))

    for extra in _network_providers():
        works.extend(w for w in extra(partner_ids=wanted, since=since) if w.partner_ids & wanted)

    pairs: dict[tuple[int, int], list[NetworkWork]] = defaultdict(list)
    for work in works:
        ids = sorted(work.partner_ids & wanted)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pairs[(a, b)].append(work)
    by_id = {p.pk: p for p in partners}
    links = [(by_id[a], by_id[b], ws) for (a, b), ws in sorted(pairs.items(), key=lambda kv: -len(kv[1]))]
    return NetworkView(partners=partners, works=works, links=links)


def _network_providers():
    """Other apps' shared work (projects, applications), when installed."""
    from django.apps import apps

    providers = []
    if apps.is_installed("core.projects"):
        from core.projects.selectors import project_network_works

        providers.append(project_network_works)
    if apps.is_installed("core.funding"):
        from core.funding.selectors import application_network_works

        providers.append(application_network_works)
    return providers


@dataclass
class StoryEvent:
    date: dt.date
    kind: str
    label: str
    detail: str = ""
    url: str = ""


def partner_story(*, partner: Partner) -> dict:
    """Everything the residence did with a partner, newest first, and the lists the partner page shows.
    A fixed number of queries whatever the history."""
    from django.apps import apps
    from django.urls import reverse
    from django.utils import timezone

    from core.activities.models import Activity
    from core.spaces.models import Booking

    status_changes = list(partner.status_changes.order_by("changed_on", "id"))
    interactions = list(partner.interactions.select_related("activity", "meeting").order_by("-date", "-id"))
    activities = list(Activity.objects.filter(organiser_partner=partner).order_by("-starts_at")[:200])
    bookings = list(Booking.objects.filter(partner=partner).select_related("space").order_by("-starts_at")[:200])
    meetings = list(partner.meetings_attended.order_by("-date"))
    documents = list(partner.documents.order_by("-uploaded_at"))
    projects = []
    applications = []
    if apps.is_installed("core.projects"):
        from core.projects.selectors import projects_of_partner

        projects = list(projects_of_partner(partner=partner))
    if apps.is_installed("core.funding"):
        from core.funding.selectors import applications_of_partner

        applications = list(applications_of_partner(partner=partner))

    events = [StoryEvent(c.changed_on, "status", _("Statut : %(s)s") % {"s": c.get_status_display()}, c.note)
              for c in status_changes]
    events += [StoryEvent(i.date, "interaction", i.get_kind_display(), i.note) for i in interactions
               if i.meeting_id is None]
    events += [StoryEvent(m.date, "meeting", _("Réunion de réseau : %(t)s") % {"t": m.title}, "",
                          reverse("partners:meeting", args=[m.pk])) for m in meetings]
    events += [StoryEvent(timezone.localtime(a.starts_at).date(), "activity", _("Animation : %(t)s") % {"t": a.title},
                          "", reverse("activities:detail", args=[a.pk])) for a in activities]
    events += [StoryEvent(timezone.localtime(b.starts_at).date(), "booking",
                          _("Réservation : %(t)s (%(s)s)") % {"t": b.title, "s": b.space.name}, "",
                          reverse("spaces:booking", args=[b.pk])) for b in bookings]
    events += [StoryEvent(timezone.localtime(p.created_at).date(), "project",
                          _("Projet soutenu : %(t)s") % {"t": p.title}, "",
                          reverse("projects:detail", args=[p.pk])) for p in projects]
    events += [StoryEvent(timezone.localtime(a.created_at).date(), "application", _("Dossier co-porté : %(t)s") % {"t": a.title}, "",
                          reverse("funding:application", args=[a.pk])) for a in applications]
    events.sort(key=lambda e: e.date, reverse=True)
    return {"status_changes": status_changes, "interactions": interactions, "activities": activities,
            "bookings": bookings, "meetings": meetings, "documents": documents, "projects": projects,
            "applications": applications, "events": events}
