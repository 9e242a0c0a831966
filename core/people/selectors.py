"""Reads of residents. They run on the current residence schema only."""
import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.people.models import Resident

DEFAULT_NOT_SEEN_WEEKS = 8
# A name search finds nobody under two letters and shows at most 20 people: no screen that
# searches turns into a directory of the residence.
SEARCH_MIN_LETTERS = 2
SEARCH_MAX_RESULTS = 20


def _related_model(name: str):
    # Resolved through the reverse relation, so people does not import the apps built on it.
    return Resident._meta.get_field(name).related_model


def _name_contains(search: str) -> Q:
    """How residents are found by name everywhere: first name or pseudonym (no last name is kept)."""
    return Q(first_name__icontains=search) | Q(pseudonym__icontains=search)


def with_last_seen(qs: QuerySet[Resident]) -> QuerySet[Resident]:
    """Annotate `last_seen`: the latest of the last activity attended and the last drop-in visit (or None)."""
    attendance = _related_model("attendances")
    visit = _related_model("dropin_visits")
    last_attended = attendance.objects.filter(resident=OuterRef("pk")).order_by("-activity__starts_at")
    last_visit = visit.objects.filter(resident=OuterRef("pk")).order_by("-visited_at")
    # PostgreSQL's GREATEST ignores NULLs: never attended + one visit gives the visit.
    return qs.annotate(last_seen=Greatest(
        Subquery(last_attended.values("activity__starts_at")[:1]),
        Subquery(last_visit.values("visited_at")[:1]),
    ))


def not_seen_since_cutoff(*, weeks: int, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(weeks=weeks)


def resident_list(
    *,
    search: str = "",
    age_band: str = "",
    interest: str = "",
    language: str = "",
    contact_channel: str = "",
    not_seen_weeks: int | None = None,
) -> QuerySet[Resident]:
    """Residents matching the filters, each with `last_seen`.

    `not_seen_weeks`: only people whose last attendance or drop-in visit is older than that many
    weeks, or who never came (the "aller vers" list).
    """
    qs = with_last_seen(Resident.objects.all())
    if search:
        qs = qs.filter(_name_contains(search))
    if age_band:
        qs = qs.filter(age_band=age_band)
    if interest:
        qs = qs.filter(interests__contains=[interest])
    if language:
        qs = qs.filter(languages__contains=[language])
    if contact_channel:
        qs = qs.filter(contact_channel=contact_channel)
    if not_seen_weeks is not None:
        cutoff = not_seen_since_cutoff(weeks=not_seen_weeks)
        # "last_seen is null or before the cutoff" said as "seen nowhere since the cutoff": two anti-joins
        # instead of the per-resident sub-selects of `last_seen` (2,000 residents: 95 ms → a few ms).
        attendance = _related_model("attendances")
        visit = _related_model("dropin_visits")
        qs = qs.filter(
            ~Exists(attendance.objects.filter(resident=OuterRef("pk"), activity__starts_at__gte=cutoff)),
            ~Exists(visit.objects.filter(resident=OuterRef("pk"), visited_at__gte=cutoff)),
        )
    return qs


def resident_search(
    *, search: str, exclude_ids: Iterable[int] | QuerySet = (), limit: int = SEARCH_MAX_RESULTS,
) -> tuple[list[Resident], bool]:
    """Residents whose first name or pseudonym contains `search`, by name, without `exclude_ids`:
    at most `limit` of them, and whether more match. Under two letters, nobody."""
    search = search.strip()
    if len(search) < SEARCH_MIN_LETTERS:
        return [], False
    found = list(
        current_residents().filter(_name_contains(search))
        .exclude(pk__in=exclude_ids)
        .order_by("first_name", "last_name_initial", "id")[:limit + 1]
    )
    return found[:limit], len(found) > limit


def current_residents(qs: QuerySet[Resident] | None = None) -> QuerySet[Resident]:
    """The residents one may still pick, reach or count: not anonymised (an anonymised record keeps only what
    the figures need, named « Anonyme »). `qs` narrows a selection of residents already made."""
    return (Resident.objects.all() if qs is None else qs).filter(anonymisation__isnull=True)


def residents_not_seen(*, weeks: int = DEFAULT_NOT_SEEN_WEEKS) -> QuerySet[Resident]:
    """The "aller vers" list: never seen first, then the longest unseen."""
    return resident_list(not_seen_weeks=weeks).order_by(F("last_seen").asc(nulls_first=True), "first_name", "id")


def access_resident_by_id(*, actor, id) -> Resident:  # noqa: A002
    """Fetch a resident of the current residence (with `last_seen`), or 404: ids of another schema never resolve.
    The actor must be allowed in the residence."""
    return access_by_id(with_last_seen(Resident.objects.all()), id, actor=actor, message=_("Habitant·e introuvable"))


def resident_name_forms() -> list[tuple[str, str, str]]:
    """(first name, last-name initial, pseudonym) of every resident of the current residence: what a text
    leaving the residence (a practice sheet of the network) must not carry."""
    return list(Resident.objects.order_by("id").values_list("first_name", "last_name_initial", "pseudonym"))
