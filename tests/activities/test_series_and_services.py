"""Services: series generation, one session vs the whole series, cancellation, capacity, attendance."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.activities.factories import ActivityFactory
from core.activities.models import Activity, ActivityStatus, Attendance
from core.activities.recurrence import MAX_OCCURRENCES, occurrence_starts
from core.activities.services import (
    activity_cancel,
    activity_create,
    activity_update,
    anonymous_counts_set,
    attendance_mark,
    attendance_set,
    registration_create,
    series_update,
)
from core.partners.models import Partner
from core.people.factories import ResidentFactory
from core.spaces.models import Space
from tests.conftest import aware

BASE = dict(title="Café des habitant·es", kind="collective_moment", place="Salle commune")


def test_weekly_keeps_the_paris_wall_clock_across_the_dst_change():
    # 25 October 2026: clocks go back. 14:00 stays 14:00 in Paris.
    starts = occurrence_starts(frequency="weekly", first_starts_at=aware(2026, 10, 20, 14), count=3)
    assert [(s.date(), s.hour) for s in starts] == [
        (dt.date(2026, 10, 20), 14), (dt.date(2026, 10, 27), 14), (dt.date(2026, 11, 3), 14)]
    assert starts[0].utcoffset() != starts[1].utcoffset()


def test_biweekly_until_a_date_is_inclusive():
    starts = occurrence_starts(frequency="biweekly", first_starts_at=aware(2026, 9, 1), until=dt.date(2026, 9, 29))
    assert [s.day for s in starts] == [1, 15, 29]


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months():
    starts = occurrence_starts(frequency="monthly", first_starts_at=aware(2027, 1, 31), count=4)
    assert [s.date() for s in starts] == [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31),
                                          dt.date(2027, 4, 30)]


def test_recurring_activity_creates_its_sessions(residence_a, in_schema):
    with in_schema(residence_a):
        first = activity_create(**BASE, starts_at=aware(2026, 10, 6, 15), ends_at=aware(2026, 10, 6, 17),
                                frequency="weekly", occurrence_count=5, capacity=12)
        sessions = list(first.series.occurrences.order_by("starts_at"))
    assert len(sessions) == 5 and sessions[0] == first
    assert [s.starts_at.date() for s in sessions][-1] == dt.date(2026, 11, 3)
    assert all(s.capacity == 12 and s.ends_at - s.starts_at == dt.timedelta(hours=2) for s in sessions)
    assert len({s.check_in_token for s in sessions}) == 5  # one token per session


def test_series_needs_exactly_one_end_and_at_most_the_maximum(residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as both:
            activity_create(**BASE, starts_at=aware(2026, 10, 6), ends_at=aware(2026, 10, 6, 16),
                            frequency="weekly", until=dt.date(2026, 12, 1), occurrence_count=3)
        assert "until" in both.value.message_dict
        with pytest.raises(ValidationError) as too_many:
            activity_create(**BASE, starts_at=aware(2026, 10, 6), ends_at=aware(2026, 10, 6, 16),
                            frequency="weekly", occurrence_count=MAX_OCCURRENCES + 1)
        assert "occurrence_count" in too_many.value.message_dict
        assert not Activity.objects.exists()  # nothing half-saved


def test_end_before_start_is_refused_by_the_service(residence_a, in_schema):
    with in_schema(residence_a), pytest.raises(ValidationError) as excinfo:
        activity_create(**BASE, starts_at=aware(2026, 10, 6, 16), ends_at=aware(2026, 10, 6, 15))
    assert "La fin doit être postérieure au début." in str(excinfo.value)


def test_place_is_a_space_or_another_place_and_organiser_matches_its_kind(residence_a, in_schema):
    with in_schema(residence_a):
        room = Space.objects.create(name="Salle commune", capacity=40)
        partner = Partner.objects.create(name="Siel Bleu")
        activity = activity_create(title="Prévention des chutes", kind="workshop", space=room, place="",
                                   organiser_kind="partner", organiser_partner=partner,
                                   starts_at=aware(2026, 10, 6), ends_at=aware(2026, 10, 6, 16))
        assert activity.place_label == "Salle commune" and activity.organiser_label == "Siel Bleu"
        with pytest.raises(ValidationError):
            activity_create(title="Sortie", kind="outing", space=room, place="Musée d'Orsay",
                            starts_at=aware(2026, 10, 6), ends_at=aware(2026, 10, 6, 16))
        with pytest.raises(ValidationError):
            activity_create(**BASE, organiser_kind="resident", starts_at=aware(2026, 10, 6),
                            ends_at=aware(2026, 10, 6, 16))
        # A stale partner choice is dropped when the organiser is a resident.
        ginette = ResidentFactory()
        led = activity_create(**BASE, organiser_kind="resident", organiser_resident=ginette, organiser_partner=partner,
                              starts_at=aware(2026, 10, 6), ends_at=aware(2026, 10, 6, 16))
        assert led.organiser_partner is None and led.organiser_label == ginette.display_name


def test_editing_one_session_leaves_the_others(residence_a, in_schema):
    with in_schema(residence_a):
        first = activity_create(**BASE, starts_at=aware(2026, 10, 6, 15), ends_at=aware(2026, 10, 6, 17),
                                frequency="weekly", occurrence_count=3)
        second = first.series.occurrences.order_by("starts_at")[1]
        activity_update(activity=second, **{**BASE, "title": "Café spécial Halloween"},
                        starts_at=second.starts_at, ends_at=second.ends_at)
        titles = list(first.series.occurrences.order_by("starts_at").values_list("title", flat=True))
    assert titles == ["Café des habitant·es", "Café spécial Halloween", "Café des habitant·es"]


def test_editing_the_series_changes_upcoming_sessions_only(residence_a, in_schema):
    with in_schema(residence_a):
        first = activity_create(**BASE, starts_at=aware(2026, 10, 6, 15), ends_at=aware(2026, 10, 6, 17),
                                frequency="weekly", occurrence_count=4)
        sessions = list(first.series.occurrences.order_by("starts_at"))
        activity_cancel(activity=sessions[3], reason="Salle prise par le bailleur")
        changed = series_update(series=first.series, from_at=aware(2026, 10, 10, 0), start_time=dt.time(16),
                                duration=dt.timedelta(minutes=90), title="Café du mardi", capacity=20)
        after = list(first.series.occurrences.order_by("starts_at"))
    assert changed == 3
    assert after[0].title == "Café des habitant·es" and after[0].starts_at == aware(2026, 10, 6, 15)
    assert [a.title for a in after[1:]] == ["Café du mardi"] * 3
    assert after[1].starts_at == aware(2026, 10, 13, 16) and after[1].ends_at == aware(2026, 10, 13, 17, 30)
    assert after[3].status == ActivityStatus.CANCELLED  # stays cancelled


def test_cancel_needs_a_reason_and_blocks_attendance(residence_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        ginette = ResidentFactory()
        with pytest.raises(ValidationError) as no_reason:
            activity_cancel(activity=activity, reason="  ")
        assert "cancellation_reason" in no_reason.value.message_dict
        activity_cancel(activity=activity, reason="Intervenante malade")
        for write in (lambda: attendance_set(activity=activity, resident_ids=[ginette.pk]),
                      lambda: attendance_mark(activity=activity, resident_id=ginette.pk, present=True),
                      lambda: anonymous_counts_set(activity=activity, children=3, neighbours=0, guests=0),
                      lambda: registration_create(activity=activity, resident=ginette)):
            with pytest.raises(ValidationError) as refused:
                write()
            assert "annulée" in str(refused.value)
        assert not Attendance.objects.exists() and activity.anonymous_total == 0


def test_capacity_is_enforced_with_a_message_naming_it(residence_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory(capacity=2)
        residents = ResidentFactory.create_batch(3)
        registration_create(activity=activity, resident=residents[0])
        registration_create(activity=activity, resident=residents[1])
        with pytest.raises(ValidationError) as full:
            registration_create(activity=activity, resident=residents[2])
        assert "Complet : les 2 places de cette animation sont déjà prises." in full.value.messages
        with pytest.raises(ValidationError) as shrink:
            activity_update(activity=activity, title=activity.title, kind=activity.kind, place="Salle commune",
                            capacity=1, starts_at=activity.starts_at, ends_at=activity.ends_at)
        assert "capacity" in shrink.value.message_dict
        assert activity.registrations.count() == 2


def test_attendance_set_is_all_or_nothing(residence_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        ginette = ResidentFactory()
        with pytest.raises(ValidationError):
            attendance_set(activity=activity, resident_ids=[ginette.pk, 999_999])
        assert not activity.attendances.exists()


def test_anonymous_counts_refuse_negative_numbers(residence_a, in_schema):
    with in_schema(residence_a):
        activity = ActivityFactory()
        with pytest.raises(ValidationError) as excinfo:
            anonymous_counts_set(activity=activity, children=-1, neighbours=2, guests=0)
        assert "anonymous_children" in excinfo.value.message_dict
        anonymous_counts_set(activity=activity, children=12, neighbours=5, guests=3)
        activity.refresh_from_db()
        assert activity.anonymous_total == 20


def test_data_migration_links_known_spaces_and_partners(residence_a, in_schema):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("core.activities.migrations.0003_place_and_facilitator_to_space_and_partner")
    with in_schema(residence_a):
        room = Space.objects.create(name="Salle commune", capacity=40)
        partner = Partner.objects.create(name="Lire et faire lire")
        in_room = ActivityFactory(place="salle commune ", facilitator="Lire et Faire Lire")
        outside = ActivityFactory(place="Médiathèque Persepolis", facilitator="Aïcha B.")
        migration.forwards(apps, None)
        in_room.refresh_from_db()
        outside.refresh_from_db()
        assert (in_room.space, in_room.place, in_room.organiser_partner, in_room.facilitator) == (
            room, "", partner, "")
        assert (outside.space, outside.place, outside.organiser_kind, outside.facilitator) == (
            None, "Médiathèque Persepolis", "coordinator", "Aïcha B.")
