from apes_platform.access import public_view
from apes_platform.downloads import download_response
import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.agenda.forms import RegenerateFeedForm
from core.agenda.ical import calendar_bytes
from core.agenda.selectors import agenda_entries, calendar_feed_by_token, happening, home_panels, week_start
from core.agenda.services import calendar_feed_ensure, calendar_feed_regenerate
from core.partners.selectors import open_next_steps
from core.people.selectors import DEFAULT_NOT_SEEN_WEEKS
from core.safety.selectors import overdue_checks
from core.spaces.selectors import bookings_between

HOME_PANEL_ROWS = 12

# What the feed carries: recent past for context, a year ahead for planning.
FEED_PAST_DAYS = 92
FEED_FUTURE_DAYS = 366


def _dropin_label() -> str:
    return _("Permanence")


def _int_param(request, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def home(request):
    today = timezone.localdate()
    weeks = _int_param(request, "semaines", DEFAULT_NOT_SEEN_WEEKS, 1, 520)
    panels = home_panels(today=today, dropin_label=_dropin_label(), not_seen_weeks=weeks)
    monday = week_start(today)
    week_from = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    week_to = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min))
    return render(request, "agenda/home.html", {
        "panels": panels, "today": today,
        # One query each, whatever the number of rows.
        "bookings_panel": list(bookings_between(start=week_from, end=week_to)[:HOME_PANEL_ROWS]),
        "safety_panel": list(overdue_checks(today=today)[:HOME_PANEL_ROWS]),
        "next_steps_panel": list(open_next_steps()[:HOME_PANEL_ROWS]),
    })


def _parse_day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def agenda(request):
    today = timezone.localdate()
    view = "mois" if request.GET.get("vue") == "mois" else "semaine"
    day = _parse_day(request.GET.get("date"), today)
    if view == "mois":
        first = day.replace(day=1)
        last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
        start, end = week_start(first), week_start(last) + dt.timedelta(days=7)
        previous, following = (first - dt.timedelta(days=1)).replace(day=1), last + dt.timedelta(days=1)
    else:
        first = start = week_start(day)
        end = start + dt.timedelta(days=7)
        previous, following = start - dt.timedelta(days=7), end
    entries = agenda_entries(start=start, end=end, dropin_label=_dropin_label(), with_bookings=True)
    by_day: dict[dt.date, list] = {}
    for entry in entries:
        by_day.setdefault(entry.local_date, []).append(entry)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    weeks = [[(d, by_day.get(d, [])) for d in days[i:i + 7]] for i in range(0, len(days), 7)]
    return render(request, "agenda/agenda.html", {
        "view": view, "first": first, "weeks": weeks, "today": today, "previous": previous,
        "following": following, "entry_count": len(happening(entries)),
        "day_names": [WEEKDAYS[i] for i in range(7)],
    })


def agenda_settings(request):
    form = RegenerateFeedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        calendar_feed_regenerate()
        messages.success(request, _("Nouveau lien créé : l'ancien ne fonctionne plus."))
        return redirect("agenda:settings")
    feed = calendar_feed_ensure()
    feed_url = request.build_absolute_uri(reverse("agenda:ical", kwargs={"token": feed.token}))
    return render(request, "agenda/settings.html", {"form": form, "feed_url": feed_url, "feed": feed})


@public_view
@require_GET
def ical_feed(request, token: str):
    """Open without login, but only with this residence's current token, on its own host."""
    if calendar_feed_by_token(token) is None:
        raise Http404(_("Agenda introuvable"))
    today = timezone.localdate()
    entries = agenda_entries(start=today - dt.timedelta(days=FEED_PAST_DAYS),
                             end=today + dt.timedelta(days=FEED_FUTURE_DAYS), dropin_label=_dropin_label())
    residence = request.tenant
    body = calendar_bytes(entries=entries, name=residence.name, uid_domain=f"{residence.slug}.participactives",
                          now=timezone.now())
    response = download_response(body, filename=f"agenda-{residence.slug}.ics",
                                 content_type="text/calendar; charset=utf-8", inline=True)
    # The one exception to no-store: calendar apps poll the feed, which holds no one's personal data.
    response["Cache-Control"] = "private, max-age=300"
    return response
