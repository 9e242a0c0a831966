"""Creating a residence schema by replaying the SQL that Django's migrations ran for the previous one.

At 1,000 schemas, migrating an empty schema costs ~1.1 s of Python (Django renders the project
state of every migration) on top of ~0.8 s of SQL, and the SQL its schema editor runs is the same
for every new residence. So the first residence created with a given set of migrations is
migrated by Django while those statements are recorded (`batched_migrations.StatementLog`); the
script is kept in the public table `SchemaScript`, keyed by a fingerprint of the migration files;
the next residences get `CREATE SCHEMA`, the script in one round trip and the `django_migrations`
rows, in the caller's transaction. A new or edited migration file changes the fingerprint: the
next creation records again. A script that fails is dropped and the residence migrated by
Django instead, recording a fresh one. Figures: docs/performance.md (provisioning).
"""
from __future__ import annotations

import functools
import hashlib
import logging
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_tenant_database_alias, quote_schema_name

from tenants.batched_migrations import StatementLog, recording
from tenants.models import SchemaScript

logger = logging.getLogger(__name__)
SCRIPT, MIGRATE = "script", "migrate"


@functools.cache
def migrations_fingerprint() -> str:
    """sha256 of every migration file (name and content) and of TENANT_APPS: what the script depends on.

    Computed once per process: the files do not change under a running process (a deploy restarts it).
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256(repr(list(settings.TENANT_APPS)).encode())
    for key in sorted(loader.disk_migrations):
        digest.update(repr(key).encode())
        source = getattr(import_module(type(loader.disk_migrations[key]).__module__), "__file__", None)
        if source:
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def residence_schema_create(schema: str) -> str:
    """Create and fully migrate `schema`; SCRIPT when replayed, MIGRATE when Django migrated it.

    Runs inside the caller's transaction (residence_create): any failure leaves nothing.
    """
    connection = connections[get_tenant_database_alias()]
    fingerprint = migrations_fingerprint()
    script = SchemaScript.objects.filter(fingerprint=fingerprint).first()
    if script is not None:
        try:
            with transaction.atomic(using=connection.alias):
                _replay(connection, schema, script)
            return SCRIPT
        except DatabaseError:
            logger.warning("schema script %s failed in %s: migrating with Django", fingerprint[:12], schema,
                           exc_info=True)
            SchemaScript.objects.filter(pk=script.pk).delete()
    _migrate_and_record(connection, schema, fingerprint)
    return MIGRATE


def _replay(connection, schema: str, script: SchemaScript) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote_schema_name(schema)}")
    connection.set_schema(schema)
    try:
        with connection.cursor() as cursor:
            cursor.execute(";\n".join(script.statements))
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "SELECT app, name, now() FROM unnest(%s::text[], %s::text[]) AS m(app, name)",
                [[app for app, _ in script.migrations], [name for _, name in script.migrations]],
            )
    finally:
        connection.set_schema_to_public()


def _migrate_and_record(connection, schema: str, fingerprint: str) -> None:
    """Django's migrate of the new schema (as django-tenants does it), its statements kept as the script."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote_schema_name(schema)}")
    try:
        with recording(connection, schema) as log:
            call_command("migrate_schemas", tenant=True, schema_name=schema, interactive=False, verbosity=0)
    finally:
        connection.set_schema_to_public()
    refusal = _refusal(log)
    if refusal:
        logger.info("no schema script recorded from %s: %s", schema, refusal)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {quote_schema_name(schema)}.django_migrations ORDER BY id")
        migrations = [list(row) for row in cursor.fetchall()]
    SchemaScript.objects.exclude(fingerprint=fingerprint).delete()  # one script: the running code's
    SchemaScript.objects.bulk_create(
        [SchemaScript(fingerprint=fingerprint, statements=[sql for sql, _ in log.statements],
                      migrations=migrations, recorded_from=schema)],
        ignore_conflicts=True,  # two residences created at once: the first script stays
    )


def _refusal(log: StatementLog) -> str | None:
    """Why these statements cannot be stored as a script (None when they can): the batched
    executor's reasons, plus parameters (the script keeps SQL text only)."""
    with_params = next((sql for sql, params in log.statements if params), None)
    if with_params is not None:
        return f"instruction avec paramètres : {with_params[:80]}"
    return log.refusal()
