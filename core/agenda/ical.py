"""The residence's agenda as an iCalendar (RFC 5545) document, times in Europe/Paris.

A cancelled session stays in the feed under the same UID with STATUS:CANCELLED, so a
subscribed calendar updates the event it already holds instead of silently losing it.
Some clients (Google Calendar, Outlook) ignore STATUS in subscriptions: the summary is
therefore prefixed « Annulée : », and TRANSP:TRANSPARENT frees the slot in free/busy.
"""
import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core.agenda.selectors import AgendaEntry, paris


def calendar_bytes(*, entries: list[AgendaEntry], name: str, uid_domain: str, now: dt.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Particip'Actives//Agenda de la residence//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    tz = paris()
    for entry in entries:
        event = Event()
        # Stable across refreshes: the record's id (and date, for a weekly slot), never a counter.
        event.add("uid", f"{entry.uid}@{uid_domain}")
        if entry.cancelled:
            event.add("summary", _("Annulée : %(title)s") % {"title": entry.title})
            event.add("status", "CANCELLED")
            event.add("transp", "TRANSPARENT")
            event.add("sequence", 1)  # a later revision of the same event, for clients that compare
        else:
            event.add("summary", entry.title)
            event.add("status", "CONFIRMED")
        event.add("dtstart", entry.starts_at.astimezone(tz))
        event.add("dtend", entry.ends_at.astimezone(tz))
        event.add("dtstamp", now.astimezone(dt.timezone.utc))
        if entry.detail:
            event.add("description", entry.detail)
        event.add("categories", [entry.kind])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
