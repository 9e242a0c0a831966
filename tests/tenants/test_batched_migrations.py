"""`--executor=batched`: the SQL of a pilot schema replayed in the others must leave every residence
schema exactly as Django's standard migrate does, fail schema by schema, and hand what cannot be
replayed (RunPython) to the standard path."""
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate
from django.test import override_settings

from tenants.batched_migrations import plan_refusal
from tenants.services import unapplied_tenant_migrations
from tests.conftest import ResidenceSpec, ensure_residence

pytestmark = pytest.mark.django_db(transaction=True)

SPECS = [
    ResidenceSpec("Les Glycines", "lot-glycines", "Seqens", "Bobigny", "93", "93000"),
    ResidenceSpec("Les Mimosas", "lot-mimosas", "Seqens", "Pantin", "93", "93500"),
    ResidenceSpec("Les Platanes", "lot-platanes", "Logirep", "Ivry-sur-Seine", "94", "94200"),
    ResidenceSpec("Les Érables", "lot-erables", "Logirep", "Créteil", "94", "94000"),
]
# messaging.0002 adds two foreign keys, alters a field and adds two check constraints, and nothing
# depends on it: migrating messaging back to 0001 and then forwards replays schema changes only.
# (partners.0001 once served: since partners.0003 writes rows, half the apps now depend on it.)
ADDED_FIELD = ("messaging", "0001")
ADDED_MIGRATION = ("messaging", "0002_target_body_and_need")
# activities.0003 moves data with RunPython.
WITH_RUNPYTHON = ("activities", "0002")


@pytest.fixture
def schemas():
    """Four residence schemas; they and the template are fully migrated again afterwards."""
    names = [ensure_residence(spec).schema_name for spec in SPECS]
    yield names
    for name in [*names, "residence_template"]:
        _drop_conflict(name)
        if unapplied_tenant_migrations(name):
            call_command("migrate_schemas", schema_name=name, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def _back(schemas, app_and_target):
    for name in schemas:
        call_command("migrate_schemas", *app_and_target, schema_name=name, interactive=False, verbosity=0)
    connection.set_schema_to_public()


def _batched(**options):
    out, err = StringIO(), StringIO()
    try:
        call_command("migrate_schemas", tenant=True, executor="batched", interactive=False, stdout=out,
                     stderr=err, **options)
    finally:
        connection.set_schema_to_public()
    return out.getvalue(), err.getvalue()


def structure(schema: str) -> dict:
    """Columns, indexes and constraints of a schema, its own name replaced so two schemas compare."""
    def anonymous(rows):
        return [tuple(re.sub(rf"\b{schema}\b", "<schema>", str(value)) for value in row) for row in rows]

    with connection.cursor() as cursor:
        cursor.execute(
            # Column order, not attnum: a dropped column leaves a gap in ordinal_position.
            "SELECT table_name, column_name, row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position), "
            "data_type, character_maximum_length, "
            "numeric_precision, is_nullable, column_default, is_identity FROM information_schema.columns "
            "WHERE table_schema = %s ORDER BY table_name, ordinal_position",
            [schema],
        )
        columns = anonymous(cursor.fetchall())
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY 1, 2",
                       [schema])
        indexes = anonymous(cursor.fetchall())
        cursor.execute(
            "SELECT rel.relname, con.conname, con.contype, con.condeferrable, con.condeferred, "
            "pg_get_constraintdef(con.oid) FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid "
            "JOIN pg_namespace n ON n.oid = rel.relnamespace WHERE n.nspname = %s ORDER BY 1, 2",
            [schema],
        )
        constraints = anonymous(cursor.fetchall())
    return {"columns": columns, "indexes": indexes, "constraints": constraints}


def migration_rows(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY id')
        return cursor.fetchall()


def _add_conflict(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{schema}".messaging_message ADD COLUMN target_body_id integer')


def _drop_conflict(schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = 'messaging_message' AND column_name = 'target_body_id'", [schema])
        row = cursor.fetchone()
        if row and row[0] == "integer":
            cursor.execute(f'ALTER TABLE "{schema}".messaging_message DROP COLUMN target_body_id')


@override_settings(TENANT_MIGRATION_ORDER=["schema_name"])
def test_batched_schemas_match_the_standard_executor_column_for_column(schemas):
    reference, *batched = sorted(schemas)
    _back(schemas, ADDED_FIELD)
    assert ADDED_MIGRATION not in migration_rows(reference)
    call_command("migrate_schemas", schema_name=reference, interactive=False, verbosity=0)  # standard
    connection.set_schema_to_public()
    sent_from = []

    def note(sender, **kwargs):
        if sender.label == "messaging":
            sent_from.append(connection.schema_name)

    post_migrate.connect(note)
    try:
        out, err = _batched()
    finally:
        post_migrate.disconnect(note)

    assert err == ""
    assert f"schéma pilote {batched[0]} migré par Django" in out
    assert f"rejeu dans {len(batched) - 1} schémas" in out
    assert "migration standard" not in out
    assert sent_from == [batched[0]]  # once for the group, not once per schema
    expected = structure(reference)
    assert "runs_workshops" in {column[1] for column in expected["columns"]}
    for name in batched:
        assert unapplied_tenant_migrations(name) == []
        assert structure(name) == expected, name
        assert migration_rows(name) == migration_rows(reference), name


@override_settings(TENANT_MIGRATION_ORDER=["schema_name"])
@pytest.mark.parametrize("failing_index", [0, 2], ids=["pilote", "rejoué"])
def test_a_failing_schema_is_rolled_back_whole_and_named_the_others_migrate(schemas, failing_index):
    ordered = sorted(schemas)
    failing = ordered[failing_index]
    _back(ordered, ADDED_FIELD)
    before = (structure(failing), migration_rows(failing))
    _add_conflict(failing)
    conflicted = structure(failing)

    with pytest.raises(CommandError) as excinfo:
        _batched()

    message = str(excinfo.value)
    assert f"{failing} (" in message and '"target_body_id"' in message
    assert "1 schéma(s)" in message
    assert structure(failing) == conflicted  # not one of the plan's tables, fields or rows
    assert migration_rows(failing) == before[1]
    for name in ordered:
        if name != failing:
            assert unapplied_tenant_migrations(name) == [], name
    _drop_conflict(failing)
    assert structure(failing) == before[0]


@override_settings(TENANT_MIGRATION_ORDER=["schema_name"])
def test_a_runpython_migration_goes_through_the_standard_path(schemas):
    *moved, reference = schemas[:3]
    _back([*moved, reference], WITH_RUNPYTHON)
    call_command("migrate_schemas", schema_name=reference, interactive=False, verbosity=0)  # standard
    connection.set_schema_to_public()

    out, err = _batched()

    assert err == ""
    assert "rejeu impossible (RunPython dans activities.0003_place_and_facilitator_to_space_and_partner)" in out
    assert "migration standard de Django, schéma par schéma (2)" in out
    for name in moved:
        assert unapplied_tenant_migrations(name) == []
        assert structure(name) == structure(reference)
        rows = migration_rows(name)
        assert ("activities", "0003_place_and_facilitator_to_space_and_partner") in rows
        assert ("activities", "0004_activity_constraints_check_in_token") in rows


def test_platform_migrate_batched_leaves_the_template_identical_to_the_residences(schemas, capsys):
    template = "residence_template"
    _back([template, *schemas[:2]], ADDED_FIELD)
    rows_before = len(migration_rows(template))

    call_command("platform_migrate", executor="batched", verbosity=1)
    connection.set_schema_to_public()

    out = capsys.readouterr().out
    assert f"schéma pilote {template} migré par Django" in out
    assert "rejeu dans 1 schémas" in out
    assert unapplied_tenant_migrations(template) == []
    for name in schemas[:2]:
        assert unapplied_tenant_migrations(name) == []
        assert structure(name) == structure(template), name
        # Earlier tests re-applied other migrations in other orders: same rows, same new ones last.
        applied = migration_rows(template)
        assert sorted(migration_rows(name)) == sorted(applied), name
        assert migration_rows(name)[rows_before:] == applied[rows_before:], name


def test_what_cannot_be_replayed_is_named():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    added_field = loader.get_migration("partners", "0002_partner_runs_workshops")
    moves_data = loader.get_migration("activities", "0003_place_and_facilitator_to_space_and_partner")
    new_tokens = loader.get_migration("activities", "0004_activity_constraints_check_in_token")

    assert plan_refusal([(added_field, False)]) is None
    assert plan_refusal([(added_field, True)]) == "plan en arrière (partners.0002_partner_runs_workshops)"
    assert plan_refusal([(added_field, False), (moves_data, False)]) == (
        "RunPython dans activities.0003_place_and_facilitator_to_space_and_partner")
    # Each residence must draw its own tokens, not get the pilot's.
    assert plan_refusal([(new_tokens, False)]) == (
        "valeur par défaut calculée (check_in_token) dans activities.0004_activity_constraints_check_in_token")
