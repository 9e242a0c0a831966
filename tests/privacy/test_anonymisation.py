"""Retention: residents with no contact for two years are anonymised, indicators unchanged."""
import datetime as dt

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from core.people.models import Resident
from core.privacy import registry
from core.privacy.anonymisation import KEPT_FIELDS, blanked_fields, neutral_value
from core.privacy.factories import ConsentFactory, SensitiveRecordFactory
from core.privacy.models import Anonymisation, Consent, SensitiveRecord
from core.privacy.selectors import audit_entries_for_resident, residents_with_last_contact
from core.privacy.services import residence_retention_apply, resident_anonymise
from reporting.indicators import CATALOGUE
from tests.conftest import aware

pytestmark = pytest.mark.django_db


def _distinct_value(field: models.Field, index: int):
    """A non-neutral value for any field type a resident may hold."""
    kind = field.get_internal_type()
    if field.choices:
        return [value for value, _ in field.flatchoices if value][-1]
    if kind in {"CharField", "TextField", "SlugField"}:
        return ("Zébulon" + str(index))[: field.max_length or 50]
    if kind == "EmailField":
        return f"zebulon{index}@example.fr"
    if kind in {"IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField",
                "BigIntegerField"}:
        return 3
    if kind == "BooleanField":
        return not field.get_default()
    if kind == "DateField":
        return dt.date(2020, 5, 4)
    if kind == "DateTimeField":
        return aware(2020, 5, 4)
    if kind == "JSONField":
        return {"x": "Zébulon"}
    if kind == "ArrayField":
        return ["Zébulon"]
    return None


@pytest.mark.parametrize("channel, kept_contact", [("sms", "phone"), ("email", "email")])
def test_every_field_not_kept_is_blanked(residence_a, in_schema, channel, kept_contact):
    with in_schema(residence_a):
        resident = ResidentFactory(first_name="Zébulon", last_name_initial="Z", pseudonym="Zébu")
        for index, field in enumerate(blanked_fields()):
            value = _distinct_value(field, index)
            if value is not None and not field.is_relation:
                setattr(resident, field.attname, value)
        # The record's own rules allow one contact detail, the one its channel needs.
        resident.contact_channel = channel
        resident.phone = "06 12 34 56 78" if kept_contact == "phone" else ""
        resident.email = "zebulon@example.fr" if kept_contact == "email" else ""
        resident.save()

        resident_anonymise(resident=resident, reason=Anonymisation.Reason.REQUEST)

        fresh = Resident.objects.get(pk=resident.pk)
        checked = []
        for field in Resident._meta.concrete_fields:
            if field.name in KEPT_FIELDS or field.primary_key:
                continue
            assert getattr(fresh, field.attname) == neutral_value(field), field.name
            checked.append(field.name)
        assert {"first_name", "last_name_initial", "pseudonym"} <= set(checked)
        for field in Resident._meta.many_to_many:
            assert not getattr(fresh, field.name).exists(), field.name
        assert "Zébulon" not in str(Resident.objects.filter(pk=resident.pk).values().get())
        assert "06 12 34" not in str(Resident.objects.filter(pk=resident.pk).values().get())
        assert "zebulon@" not in str(Resident.objects.filter(pk=resident.pk).values().get())


def test_a_field_without_neutral_value_stops_the_anonymisation():
    field = models.PositiveIntegerField(name="years_in_building")
    field.set_attributes_from_name("years_in_building")
    with pytest.raises(ImproperlyConfigured, match="KEPT_FIELDS"):
        neutral_value(field)


def _indicators(months):
    values = {}
    for month in months:
        start, end = aware(month.year, month.month, 1, 0), aware(
            month.year + month.month // 12, month.month % 12 + 1, 1, 0)
        for code, item in CATALOGUE.items():
            values[(month, code)] = item.compute(start, end)
    return values


@pytest.fixture
def old_and_recent_residents(residence_a, in_schema):
    """Léonie came once in June 2023; Marius came in June 2023 and again in September 2024."""
    with in_schema(residence_a), time_machine.travel(aware(2023, 1, 10), tick=False):
        leonie = ResidentFactory(first_name="Léonie", pseudonym="")
        marius = ResidentFactory(first_name="Marius", pseudonym="")
        june = ActivityFactory(starts_at=aware(2023, 6, 1), ends_at=aware(2023, 6, 1, 16))
        september = ActivityFactory(starts_at=aware(2024, 9, 1), ends_at=aware(2024, 9, 1, 16))
        for person in (leonie, marius):
            june.attendances.create(resident=person)
        september.attendances.create(resident=marius)
        ConsentFactory(resident=leonie)
        SensitiveRecordFactory(resident=leonie, free_note="Léonie vit seule")
    return leonie, marius


def test_retention_anonymises_only_residents_without_contact_for_two_years(
    old_and_recent_residents, residence_a, in_schema
):
    leonie, marius = old_and_recent_residents
    months = [dt.date(2023, 6, 1), dt.date(2024, 9, 1)]
    with in_schema(residence_a):
        before = _indicators(months)
        with time_machine.travel(aware(2025, 7, 1), tick=False):
            assert residence_retention_apply() == 1
            # Idempotent: a second run finds nobody and changes nothing.
            snapshot = list(Resident.objects.order_by("pk").values())
            assert residence_retention_apply() == 0
            assert list(Resident.objects.order_by("pk").values()) == snapshot
        after = _indicators(months)

        assert before == after
        assert before[(dt.date(2023, 6, 1), "residents_attending")][0] == 2
        leonie.refresh_from_db()
        marius.refresh_from_db()
        assert leonie.first_name == "Anonyme" and leonie.attendances.count() == 1
        assert marius.first_name == "Marius"
        assert Anonymisation.objects.get(resident=leonie).reason == Anonymisation.Reason.RETENTION
        assert not Consent.objects.filter(resident=leonie).exists()
        assert not SensitiveRecord.objects.filter(resident=leonie).exists()


def test_two_years_is_counted_from_the_latest_contact(old_and_recent_residents, residence_a, in_schema):
    _, marius = old_and_recent_residents
    with in_schema(residence_a):
        last = residents_with_last_contact().get(pk=marius.pk).last_contact
        assert last == aware(2024, 9, 1)
        with time_machine.travel(aware(2026, 8, 31), tick=False):
            residence_retention_apply()
        assert Resident.objects.get(pk=marius.pk).first_name == "Marius"
        with time_machine.travel(aware(2026, 9, 2), tick=False):
            residence_retention_apply()
        assert Resident.objects.get(pk=marius.pk).first_name == "Anonyme"


def test_a_contact_source_whose_app_is_absent_is_ignored(old_and_recent_residents, residence_a, in_schema):
    ghost = registry.ContactSource("dropins.NoSuchVisit", "resident", "visited_at")
    registry.CONTACT_SOURCES.append(ghost)
    try:
        with in_schema(residence_a):
            assert residents_with_last_contact().count() == 2
    finally:
        registry.CONTACT_SOURCES.remove(ghost)


def test_anonymisation_leaves_audit_entries_without_personal_data(old_and_recent_residents, residence_a, in_schema):
    leonie, _ = old_and_recent_residents
    with in_schema(residence_a):
        assert "Léonie" in str(list(audit_entries_for_resident(resident_id=leonie.pk).values()))
        resident_anonymise(resident=leonie, reason=Anonymisation.Reason.REQUEST)
        entries = list(audit_entries_for_resident(resident_id=leonie.pk).values())
        assert entries
        assert "Léonie" not in str(entries) and "seule" not in str(entries)
        assert any(e["additional_data"].get("resident_id") == leonie.pk and e["action"] == LogEntry.Action.CREATE
                   for e in entries)


def test_demo_gives_every_resident_a_follow_up_consent(residence_a, in_schema):
    import random

    from core.privacy.demo import demo_populate

    with in_schema(residence_a):
        ResidentFactory.create_batch(12, age_band="75+")
        demo_populate(rng=random.Random(4))
        assert Consent.objects.filter(scope="activities_follow_up").count() == 12
        assert SensitiveRecord.objects.count() <= 12
