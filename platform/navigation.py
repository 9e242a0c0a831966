"""The app shell's navigation: one data structure for every menu of the platform.

A residence's coordinators, the head office and the landlords each get their own menu (`MENUS`).
A menu is a list of groups; a group is a list of entries (a URL name and who may see it). The
header shows the groups; the current group's entries show as a second row (on phones, everything
folds into the « Menu » button). To add a page of a new app (budget, projects, voice, messages),
append ONE `Entry` to the group it belongs to, or one `Group`::

    Group("budget", _("Budget"), [Entry("budget:index", _("Budget"))]),

`match` lists the URL namespaces (or full view names) whose pages light the entry up; it defaults
to the namespace of `url_name`. `allowed(user)` decides who sees it (everyone signed in, when None).
Links only: each view still checks access itself (the isolation matrix walks every route).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RESIDENCE = "residence"
HEAD_OFFICE = "head_office"
LANDLORD = "landlord"


def staff_only(user) -> bool:
    return bool(getattr(user, "is_staff", False))


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str | Promise
    allowed: Callable[[object], bool] | None = None
    match: tuple[str, ...] = ()

    def matches(self, resolver_match) -> bool:
        if resolver_match is None:
            return False
        keys = self.match or (self.url_name.split(":")[0] if ":" in self.url_name else self.url_name,)
        return resolver_match.view_name in keys or (resolver_match.namespace or None) in keys


@dataclass(frozen=True)
class Group:
    key: str
    label: str | Promise
    entries: list[Entry] = field(default_factory=list)


# The landlords' calls: the same group for the head office and the landlords (each sees its own calls).
LANDLORD_CALLS = Group("landlord_calls", _("Appels bailleurs"), [
    Entry("landlord_calls:calls", _("Appels à projets"), match=(
        "landlord_calls:calls", "landlord_calls:call", "landlord_calls:call-new", "landlord_calls:application",
        "landlord_calls:minutes")),
    Entry("landlord_calls:laureates", _("Lauréats"), match=(
        "landlord_calls:laureates", "landlord_calls:laureate", "landlord_calls:report")),
])

MENUS: dict[str, list[Group]] = {
    RESIDENCE: [
        Group("home", _("Accueil"), [Entry("home", _("Accueil"))]),
        Group("agenda", _("Agenda"), [Entry("agenda:index", _("Agenda"))]),
        Group("people", _("Habitant·es"), [
            Entry("people:index", _("Habitant·es")),
            Entry("portal_links:index", _("Liens habitant·es")),
            Entry("imports:index", _("Imports")),
            Entry("voice:home", _("Parole des habitant·es"), match=("voice",)),
            Entry("messaging:index", _("Messages"), match=("messaging",)),
        ]),
        Group("activities", _("Animations"), [Entry("activities:index", _("Animations"))]),
        # Permanences has its own tabs (passages, suites, créneaux) on each of its pages.
        Group("dropins", _("Permanences"), [Entry("dropins:visits", _("Permanences"), match=("dropins",))]),
        Group("spaces", _("Espaces & sécurité"), [
            Entry("spaces:planning", _("Planning"), match=("spaces:planning",)),
            Entry("spaces:bookings", _("Réservations"),
                  match=("spaces:bookings", "spaces:booking_new", "spaces:booking", "spaces:booking_cancel")),
            Entry("spaces:index", _("Espaces"), match=("spaces:index", "spaces:new", "spaces:edit")),
            Entry("spaces:desk_log", _("Coworking"), match=("spaces:desk_log", "spaces:desk_sign_out")),
            Entry("safety:index", _("Sécurité"), match=("safety",)),
        ]),
        Group("partners", _("Partenaires"), [
            Entry("partners:index", _("Partenaires"), match=("partners",)),
            Entry("projects:index", _("Projets d'habitant·es"), match=("projects",)),
            Entry("funding:calls", _("Appels à projets"), match=("funding",)),
        ]),
        Group("budget", _("Budget"), [Entry("budget:index", _("Budget"), match=("budget",))]),
        Group("evaluation", _("Évaluation & rapports"), [
            Entry("evaluation:home", _("Évaluation"), match=("evaluation",)),
            Entry("reports:index", _("Rapports"), match=("reports",)),
        ]),
        Group("privacy", _("Données personnelles"), [Entry("privacy:index", _("Données personnelles"))]),
        # This residence's sheets and copies; its page links to the network's pages on the bare domain.
        Group("network", _("Réseau"), [Entry("practice_residence:index", _("Réseau"), match=("practice_residence",))]),
    ],
    HEAD_OFFICE: [
        Group("comparison", _("Comparer les résidences"), [
            Entry("reporting:comparison", _("Comparer les résidences"),
                  match=("reporting:comparison", "reporting:residence", "reporting:refresh-start",
                         "reporting:refresh-run")),
        ]),
        Group("trends", _("Tendances"), [Entry("reporting:trends", _("Tendances"), match=("reporting:trends",))]),
        Group("landlords", _("Vue bailleur"), [Entry("reporting:landlord", _("Vue bailleur"),
                                                     match=("reporting:landlord",))]),
        Group("reports", _("Rapports bailleur"), [Entry("reports:index", _("Rapports bailleur"), match=("reports",))]),
        Group("funding", _("Financements"), [Entry("funding_network:index", _("Financements"),
                                                   match=("funding_network",))]),
        Group("budgets", _("Budgets"), [Entry("budget_public:execution", _("Budgets"), match=("budget_public",))]),
        Group("network", _("Réseau"), [
            Entry("practice:sheets", _("Fiches pratiques"), match=("practice:sheets", "practice:sheet")),
            Entry("practice:review", _("À relire"), match=("practice:review",)),
            Entry("practice:resources", _("Ressources"),
                  match=("practice:resources", "practice:resource", "practice:resource-new")),
            Entry("practice:events", _("Événements"), match=("practice:events", "practice:event", "practice:event-new")),
            Entry("practice:experiments", _("Expérimentations"), match=("practice:experiments", "practice:experiment")),
        ]),
        LANDLORD_CALLS,
    ],
    LANDLORD: [
        Group("landlord", _("Mes résidences"), [Entry("reporting:landlord", _("Mes résidences"),
                                                      match=("reporting:landlord", "reporting:residence"))]),
        Group("trends", _("Tendances"), [Entry("reporting:trends", _("Tendances"), match=("reporting:trends",))]),
        Group("reports", _("Rapports"), [Entry("reports:index", _("Rapports"), match=("reports",))]),
        Group("funding", _("Financements"), [Entry("funding_network:index", _("Financements"),
                                                   match=("funding_network",))]),
        Group("budgets", _("Budgets"), [Entry("budget_public:execution", _("Budgets"), match=("budget_public",))]),
        Group("network", _("Réseau"), [
            Entry("practice:sheets", _("Fiches pratiques"), match=("practice:sheets", "practice:sheet")),
            Entry("practice:resources", _("Ressources"), match=("practice:resources", "practice:resource")),
            Entry("practice:events", _("Événements"), match=("practice:events", "practice:event")),
            Entry("practice:experiments", _("Expérimentations"), match=("practice:experiments", "practice:experiment")),
        ]),
        LANDLORD_CALLS,
    ],
}


# Beside the account (not in the main menu): Django's admin, reachable by staff, never the way to work.
ACCOUNT_ENTRIES: list[Entry] = [
    Entry("mfa-enrol", _("Double authentification")),
    Entry("admin:index", _("Administration"), allowed=staff_only),
]


def menu_key(request) -> str | None:
    """Which menu a request gets: a residence host shows the residence's; the bare domain the head
    office's or the landlord's; nobody signed in gets none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if getattr(request, "tenant", None) is not None:
        return RESIDENCE
    if getattr(user, "is_head_office", False):
        return HEAD_OFFICE
    if getattr(user, "is_landlord_viewer", False):
        return LANDLORD
    return None


@dataclass
class ShownEntry:
    label: str
    url: str
    current: bool


@dataclass
class ShownGroup:
    key: str
    label: str
    url: str
    current: bool
    entries: list[ShownEntry]


def _shown(entries: list[Entry], request, resolver_match) -> list[ShownEntry]:
    shown = []
    for entry in entries:
        if entry.allowed is not None and not entry.allowed(request.user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        shown.append(ShownEntry(str(entry.label), url, entry.matches(resolver_match)))
    return shown


def account_links_for(request) -> list[ShownEntry]:
    if menu_key(request) is None:
        return []
    return _shown(ACCOUNT_ENTRIES, request, getattr(request, "resolver_match", None))


def navigation_for(request) -> list[ShownGroup]:
    """The groups and entries this request's user may see, with URLs resolved and the current one
    marked. An entry whose URL is not in this host's URL conf is left out."""
    key = menu_key(request)
    if key is None:
        return []
    resolver_match = getattr(request, "resolver_match", None)
    shown = []
    for group in MENUS[key]:
        entries = _shown(group.entries, request, resolver_match)
        if entries:
            shown.append(ShownGroup(group.key, str(group.label), entries[0].url,
                                    any(e.current for e in entries), entries))
    return shown


def all_entries() -> list[tuple[str, Entry]]:
    """Every (menu key, entry): for tests checking each entry resolves."""
    return [(key, entry) for key, groups in MENUS.items() for group in groups for entry in group.entries]
