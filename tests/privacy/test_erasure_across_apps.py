"""Erasure and retention reach the free text other apps hold about the resident, indicators unchanged.

The proof scans every text-like column of every table of the residence schema for the resident's
first name and a note string no other row holds.
"""
import datetime as dt

import pytest
import time_machine
from django.db import connection

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.dropins.factories import DropInVisitFactory, FollowUpFactory
from core.dropins.models import DropInVisit, FollowUp
from core.evaluation.factories import SurveyResponseFactory, SurveyWaveFactory
from core.evaluation.models import SurveyResponse
from core.people.factories import ResidentFactory
from core.people.models import Resident
from core.portal.models import MagicLink
from core.portal.services import magic_link_create
from core.privacy import registry
from core.privacy.factories import ConsentFactory, SensitiveRecordFactory
from core.privacy.selectors import residents_with_last_contact
from core.privacy.services import residence_retention_apply, resident_erase
from core.spaces.factories import BookingFactory, DeskSignInFactory
from core.spaces.models import Booking
from reporting.indicators import CATALOGUE
from tests.conftest import aware

pytestmark = pytest.mark.django_db

NAME = "Zéphyrine"
NOTE = "NOTE-QX7-appel-CAF"
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb", "ARRAY")


def columns_holding(schema: str, needle: str) -> set[str]:
    """`table.column` of every text-like column of `schema` where some row holds `needle` (any case)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = %s AND t.table_type = 'BASE TABLE' AND c.data_type = ANY(%s)",
            [schema, list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        assert len(columns) > 30  # the whole schema, not a few tables
        found = set()
        for table, column in columns:
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE %s)',
                           [f"%{needle}%"])
            if cursor.fetchone()[0]:
                found.add(f"{table}.{column}")
    return found


def indicators(months: list[dt.date]) -> dict:
    values = {}
    for month in months:
        start = aware(month.year, month.month, 1, 0)
        end = aware(month.year + month.month // 12, month.month % 12 + 1, 1, 0)
        for code, item in CATALOGUE.items():
            values[(month, code)] = item.compute(start, end)
    return values


def resident_everywhere(*, year: int, name: str = NAME, note: str = NOTE) -> Resident:
    """A resident who left free text in every app that holds some, in March of `year`."""
    person = ResidentFactory(first_name=name, pseudonym="")
    activity = ActivityFactory(starts_at=aware(year, 3, 3, 14), ends_at=aware(year, 3, 3, 16))
    activity.attendances.create(resident=person)
    RegistrationFactory(activity=activity, resident=person)
    visit = DropInVisitFactory(resident=person, visited_at=aware(year, 3, 10, 15), note=f"{name} : {note}")
    FollowUpFactory(visit=visit, opened_on=dt.date(year, 3, 10), closed_on=dt.date(year, 3, 12),
                    outcome=f"Rappel fait à {name} ({note})")
    open_visit = DropInVisitFactory(resident=person, visited_at=aware(year, 3, 11, 15), note=f"{note} bis")
    FollowUpFactory(visit=open_visit, opened_on=dt.date(year, 3, 11))
    wave = SurveyWaveFactory(label=f"Printemps {year}", starts_on=dt.date(year, 3, 1), ends_on=dt.date(year, 4, 30))
    SurveyResponseFactory(wave=wave, resident=person, answered_on=dt.date(year, 3, 15))
    BookingFactory(booker_kind="resident", resident=person, title=f"Anniversaire de {name}", note=note,
                   starts_at=aware(year, 3, 20, 15), ends_at=aware(year, 3, 20, 18))
    DeskSignInFactory(resident=person, visitor_name="", arrived_at=aware(year, 3, 21, 9),
                      left_at=aware(year, 3, 21, 12))
    magic_link_create(resident=person, created_by_id=1)
    ConsentFactory(resident=person)
    SensitiveRecordFactory(resident=person, free_note=f"{name} {note}")
    # Someone else's data, which must stay as it is.
    other = ResidentFactory(first_name="Barnabé", pseudonym="")
    DropInVisitFactory(resident=other, visited_at=aware(year, 3, 10, 16), note="Barnabé demande un rendez-vous")
    DropInVisitFactory(resident=None, visited_at=aware(year, 3, 10, 17), note="Anonyme : question sur les charges")
    return person


def test_erasure_leaves_no_text_of_the_resident_in_the_schema_and_indicators_unchanged(residence_a, in_schema):
    months = [dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)]
    with in_schema(residence_a):
        person = resident_everywhere(year=2026)
        # The scan sees the text where the apps keep it (so an empty result below means something).
        assert {"people_resident.first_name", "dropins_dropinvisit.note", "dropins_followup.outcome",
                "spaces_booking.title", "auditlog_logentry.changes"} <= columns_holding(residence_a.schema_name, NAME)
        assert {"dropins_dropinvisit.note", "dropins_followup.outcome", "spaces_booking.note",
                "privacy_sensitiverecord.free_note"} <= columns_holding(residence_a.schema_name, NOTE)
        before = indicators(months)
        assert before[(dt.date(2026, 3, 1), "dropin_visits")][0] == 4
        assert before[(dt.date(2026, 3, 1), "survey_respondents")][0] == 1

        resident_erase(resident=person)

        assert columns_holding(residence_a.schema_name, NAME) == set()
        assert columns_holding(residence_a.schema_name, NOTE) == set()
        assert indicators(months) == before
        # The records stay as anonymous counts; the portal links are gone.
        assert DropInVisit.objects.filter(resident=person).count() == 2
        assert FollowUp.objects.filter(visit__resident=person, closed_on=dt.date(2026, 3, 12)).exists()
        response = SurveyResponse.objects.get(answered_on=dt.date(2026, 3, 15))
        assert response.resident is None
        assert Booking.objects.get(resident=person).starts_at == aware(2026, 3, 20, 15)
        assert not MagicLink.objects.filter(resident=person).exists()
        assert person.attendances.count() == 1 and person.registrations.count() == 1
        # Others' notes are untouched.
        assert DropInVisit.objects.filter(note="Barnabé demande un rendez-vous").exists()
        assert DropInVisit.objects.filter(note="Anonyme : question sur les charges").exists()


def test_retention_erases_the_same_text_after_two_years(residence_a, in_schema):
    with in_schema(residence_a):
        with time_machine.travel(aware(2023, 1, 10), tick=False):
            resident_everywhere(year=2023)
        before = indicators([dt.date(2023, 3, 1)])
        with time_machine.travel(aware(2025, 7, 1), tick=False):
            assert residence_retention_apply() == 2  # Zéphyrine and Barnabé, both last seen in March 2023
        assert columns_holding(residence_a.schema_name, NAME) == set()
        assert columns_holding(residence_a.schema_name, NOTE) == set()
        assert indicators([dt.date(2023, 3, 1)]) == before


def test_every_hook_and_contact_source_is_registered():
    hooks = {f"{h.__module__}.{h.__name__}" for h in registry.ERASURE_HOOKS}
    assert {"core.dropins.services.resident_dropin_notes_erase",
            "core.evaluation.services.resident_survey_responses_unlink",
            "core.portal.services.resident_magic_links_delete",
            "core.spaces.services.resident_bookings_erase"} <= hooks
    sources = {(s.model, s.date_path) for s in registry.CONTACT_SOURCES}
    assert {("dropins.DropInVisit", "visited_at"), ("activities.Attendance", "activity__starts_at"),
            ("activities.Registration", "created_at"), ("evaluation.SurveyResponse", "answered_on"),
            ("spaces.Booking", "starts_at"), ("spaces.DeskSignIn", "arrived_at")} <= sources


def test_a_drop_in_visit_resets_the_retention_clock(residence_a, in_schema):
    """Created in January 2023, seen only at the drop-in in September 2024: kept until September 2026."""
    with in_schema(residence_a):
        with time_machine.travel(aware(2023, 1, 10), tick=False):
            person = ResidentFactory(first_name="Honorine", pseudonym="")
        DropInVisitFactory(resident=person, visited_at=aware(2024, 9, 1, 10), note="Question sur le loyer")
        assert residents_with_last_contact().get(pk=person.pk).last_contact == aware(2024, 9, 1, 10)
        with time_machine.travel(aware(2026, 8, 31), tick=False):
            assert residence_retention_apply() == 0
        assert Resident.objects.get(pk=person.pk).first_name == "Honorine"
        with time_machine.travel(aware(2026, 9, 2), tick=False):
            assert residence_retention_apply() == 1
        assert Resident.objects.get(pk=person.pk).first_name == "Anonyme"
        assert DropInVisit.objects.get(resident=person).note == ""
