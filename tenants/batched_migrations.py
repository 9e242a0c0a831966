"""`migrate_schemas --executor=batched`: plan once, replay the SQL in every residence schema.

Django's standard path costs ~0.23 s per schema whatever the migration (loader, graph, project
state, plan, signals), while the `ALTER TABLE` itself takes milliseconds. Here the schemas that have
the same migrations applied form a group. The group's first schema (the pilot) is migrated by
Django's own executor, in one transaction, while every statement its schema editor runs is
recorded. Every other schema of the group then gets those statements and the same
`django_migrations` rows, in one transaction of its own (on one connection or a few in parallel).

What cannot be replayed safely goes through Django's standard migrate, schema by schema, and says
so: a backwards plan, a non-atomic migration, an operation that does not reduce to SQL (RunPython),
a field default computed by a callable (each schema draws its own), a write the schema editor did
not make, SQL naming the pilot's schema. `pre_migrate` and
`post_migrate` are sent once per group (from the pilot schema, as the standard path sends them from
each residence schema), not once per schema; django-tenants' per-schema signals are not sent for
replayed schemas. Figures: docs/performance.md.
"""
from __future__ import annotations

import math
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps as global_apps
from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection, connections, transaction
from django.db.migrations.exceptions import AmbiguityError
from django.db.migrations.executor import MigrationExecutor as DjangoMigrationExecutor
from django.db.migrations.operations import AddField, AlterField
from django.db.migrations.operations.special import SeparateDatabaseAndState
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ModelState
from django.utils.module_loading import module_has_submodule
from django_tenants.migration_executors.base import MigrationExecutor, run_migrations
from django_tenants.migration_executors.standard import StandardExecutor
from django_tenants.utils import quote_schema_name

# migrate options this executor does not handle itself: the whole run goes the standard way.
STANDARD_ONLY_OPTIONS = ("fake", "fake_initial", "plan", "check_unapplied", "prune", "run_syncdb")
# Statements the pilot may run outside the schema editor without changing what is replayed:
# introspection (SELECT, SHOW), savepoints, and the recorder's own rows (replayed from the table itself).
BOOKKEEPING = re.compile(
    r'\s*(SELECT\b|SHOW\b|SAVEPOINT\b|RELEASE SAVEPOINT\b|ROLLBACK TO SAVEPOINT\b|INSERT INTO "django_migrations")',
    re.IGNORECASE,
)
# Callable defaults that give the same value in every schema (JSONField's dict or list…).
CONSTANT_DEFAULTS = (dict, list, tuple, set, frozenset, str, int, float, bool)
SET_SEARCH_PATH = re.compile(r"\s*SET search_path = ", re.IGNORECASE)
PILOT_ATTEMPTS = 3  # a migration that fails in this many pilots in a row is not tried further
READ_CHUNK = 200  # schemas per UNION query when reading applied migrations
PREFIX = "[batched] "


@dataclass
class Replay:
    """What every schema of a group gets after the pilot: its statements, then its rows."""

    applied_before: frozenset
    statements: list[tuple[str, object]]
    rows: list[tuple[str, str]]


@dataclass
class BatchedReport:
    migrated: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


class AppliedMigrationsChanged(Exception):
    """A schema's applied migrations changed between their reading and its replay."""


def applied_migrations_by_schema(schemas: list[str]) -> dict[str, frozenset | None]:
    """(app, name) applied in each schema, from a few UNION queries; None without a django_migrations table."""
    connection.set_schema_to_public()
    applied: dict[str, set] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'django_migrations' AND c.relkind = 'r' AND n.nspname = ANY(%s)",
            [list(schemas)],
        )
        with_table = sorted(row[0] for row in cursor.fetchall())
        for start in range(0, len(with_table), READ_CHUNK):
            chunk = with_table[start:start + READ_CHUNK]
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT %s, app, name FROM {quote_schema_name(schema)}.django_migrations" for schema in chunk
                ),
                chunk,
            )
            for schema in chunk:
                applied[schema] = set()
            for schema, app, name in cursor.fetchall():
                applied[schema].add((app, name))
    # This connection touched every schema's table: give its catalogue cache back.
    connection.close()
    return {schema: frozenset(applied[schema]) if schema in applied else None for schema in schemas}


def plan_refusal(plan) -> str | None:
    """Why this plan cannot be replayed as SQL (None when it can)."""
    for migration, backwards in plan:
        if backwards:
            return f"plan en arrière ({migration.app_label}.{migration.name})"
        if not migration.atomic:
            return f"migration non atomique ({migration.app_label}.{migration.name})"
        for operation in _database_operations(migration.operations):
            if not operation.reduces_to_sql:
                return f"{type(operation).__name__} dans {migration.app_label}.{migration.name}"
            if _computed_default(operation):
                # The pilot's value would land in every schema (a token, a UUID): each computes its own.
                return (f"valeur par défaut calculée ({operation.name}) dans "
                        f"{migration.app_label}.{migration.name}")
    return None


def _computed_default(operation) -> bool:
    if not isinstance(operation, (AddField, AlterField)):
        return False
    default = operation.field.default if operation.field.has_default() else None
    return callable(default) and default not in CONSTANT_DEFAULTS


def _database_operations(operations):
    for operation in operations:
        yield operation
        if isinstance(operation, SeparateDatabaseAndState):
            yield from _database_operations(operation.database_operations)


class StatementLog:
    """Execute wrapper of the pilot: keeps what the schema editor runs, notes anything else that writes."""

    def __init__(self, schema: str):
        self.schema = schema
        self.in_editor = 0
        self.statements: list[tuple[str, object]] = []
        self.unreplayable: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if SET_SEARCH_PATH.match(sql) and _names_schema(sql, self.schema):
            pass  # django-tenants pointing the connection at the pilot: each replay sets its own
        elif self.in_editor and not many:
            self.statements.append((sql, params))
        elif self.in_editor or not BOOKKEEPING.match(sql):
            self.unreplayable.append(sql)
        return execute(sql, params, many, context)

    def editor_class(self, base):
        log = self

        class RecordingSchemaEditor(base):
            def execute(self, sql, params=()):
                log.in_editor += 1
                try:
                    return super().execute(sql, params)
                finally:
                    log.in_editor -= 1

        return RecordingSchemaEditor

    def refusal(self) -> str | None:
        """Why the recorded statements cannot be replayed in another schema (None when they can)."""
        if self.unreplayable:
            return f"écriture hors de l'éditeur de schéma : {self.unreplayable[0][:80]}"
        if any(_names_schema(sql, self.schema) for sql, _ in self.statements):
            return f"le SQL nomme le schéma {self.schema}"
        return None


@contextmanager
def recording(wrapper, schema: str) -> Iterator[StatementLog]:
    """Within the block, what `wrapper`'s schema editor runs in `schema` is kept in the yielded log.

    `wrapper` is the backend itself (`connections[alias]`), not django.db's proxy to it.
    """
    log = StatementLog(schema)
    wrapper.SchemaEditorClass = log.editor_class(type(wrapper).SchemaEditorClass)
    try:
        with wrapper.execute_wrapper(log):
            yield log
    finally:
        del wrapper.SchemaEditorClass


def _targets(loader, app_label: str | None, migration_name: str | None):
    """The same targets as Django's migrate command for these arguments."""
    if app_label and app_label not in loader.migrated_apps:
        raise CommandError(f"App '{app_label}' does not have migrations.")
    if app_label and migration_name:
        if migration_name == "zero":
            return [(app_label, None)]
        try:
            migration = loader.get_migration_by_prefix(app_label, migration_name)
        except AmbiguityError as exc:
            raise CommandError(f"More than one migration matches '{migration_name}' in app '{app_label}'.") from exc
        except KeyError as exc:
            raise CommandError(f"Cannot find a migration matching '{migration_name}' from app '{app_label}'.") from exc
        target = (app_label, migration.name)
        if target not in loader.graph.nodes and target in loader.replacements:
            target = loader.replacements[target].replaces[-1]
        return [target]
    if app_label:
        return [key for key in loader.graph.leaf_nodes() if key[0] == app_label]
    return loader.graph.leaf_nodes()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def replay_in_schema(schema: str, replay: Replay) -> str | None:
    """The recorded statements and rows in one schema, in one transaction. The error, or None."""
    try:
        connection.set_schema(schema)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            if frozenset(cursor.fetchall()) != replay.applied_before:
                raise AppliedMigrationsChanged("les migrations appliquées ont changé depuis leur lecture")
            for sql, params in replay.statements:
                cursor.execute(sql, params)
            recorder = MigrationRecorder(connection)
            recorder.migration_qs.bulk_create([recorder.Migration(app=app, name=name) for app, name in replay.rows])
        return None
    except Exception as exc:  # noqa: BLE001 — every failure is reported by schema, the others go on
        connection.close()  # whatever state it is in, the next schema starts on a fresh connection
        return _first_line(exc)


def replay_chunk(replay: Replay, schemas: list[str]) -> list[tuple[str, str | None]]:
    """One connection for a chunk of schemas, closed after it so its catalogue cache stays bounded."""
    try:
        return [(schema, replay_in_schema(schema, replay)) for schema in schemas]
    finally:
        connection.close()


@dataclass
class _Pilot:
    schema: str
    plan: list
    post_state: object
    replay: Replay
    refusal: str | None = None


UP_TO_DATE = "up to date"


class BatchedMigrate:
    """One run over a list of residence schemas (see the module docstring)."""

    def __init__(self, *, app_label=None, migration_name=None, verbosity=1, parallel=None, stdout=None,
                 stderr=None, fallback=None):
        self.app_label = app_label
        self.migration_name = migration_name
        self.verbosity = verbosity
        self.parallel = max(1, parallel or getattr(settings, "TENANT_MULTIPROCESSING_MAX_PROCESSES", 2))
        self.per_connection = getattr(settings, "DB_MAX_SCHEMAS_PER_CONNECTION", 0) or 100
        self.stdout = OutputWrapper(stdout or sys.stdout)
        self.stderr = OutputWrapper(stderr or sys.stderr)
        self.fallback = fallback  # callable(schema): Django's standard migrate of one schema
        self.report = BatchedReport()
        self._signals_due: list[_Pilot] = []

    def say(self, message: str, level: int = 1) -> None:
        if self.verbosity >= level:
            self.stdout.write(PREFIX + message)
            self.stdout.flush()

    def run(self, schemas: list[str]) -> BatchedReport:
        started = time.perf_counter()
        for app_config in global_apps.get_app_configs():  # as migrate does: registers signal receivers
            if module_has_submodule(app_config.module, "management"):
                import_module(".management", app_config.name)
        groups: dict[frozenset | None, list[str]] = {}
        for schema, applied in applied_migrations_by_schema(schemas).items():
            groups.setdefault(applied, []).append(schema)
        self.say(f"{len(schemas)} schémas, {len(groups)} groupe(s) de migrations appliquées.")
        for number, (applied, members) in enumerate(sorted(groups.items(), key=lambda g: -len(g[1])), 1):
            label = f"groupe {number}/{len(groups)} ({len(members)} schémas)"
            if applied is None:
                self._standard(members, f"{label} : pas de table django_migrations")
            else:
                self._group(applied, members, label)
        for pilot in self._signals_due:
            self._post_migrate(pilot)
        connection.set_schema_to_public()
        report = self.report
        self.say(
            f"terminé en {time.perf_counter() - started:.1f} s : {len(report.migrated)} schémas migrés, "
            f"{len(report.up_to_date)} déjà à jour, {len(report.failed)} en échec."
        )
        return report

    def _group(self, applied: frozenset, members: list[str], label: str) -> None:
        remaining = list(members)
        for _ in range(PILOT_ATTEMPTS):
            schema = remaining.pop(0)
            try:
                pilot = self._pilot(schema, applied, label)
            except CommandError:
                raise
            except Exception as exc:  # noqa: BLE001 — the pilot's transaction was rolled back whole
                connection.close()
                self._failed(schema, _first_line(exc))
                if not remaining:
                    return
                continue
            if pilot == UP_TO_DATE:
                self.report.up_to_date.extend(members)
                self.say(f"{label} : aucune migration à appliquer.")
            elif isinstance(pilot, str):
                self._standard([schema] + remaining, f"{label} : rejeu impossible ({pilot})")
            elif pilot.refusal:
                self._standard(remaining, f"{label} : rejeu impossible ({pilot.refusal})")
            else:
                self._replay(pilot.replay, remaining)
            return
        for schema in remaining:
            self.report.failed[schema] = f"non tenté : la migration a échoué dans {PILOT_ATTEMPTS} schémas"
        self.stderr.write(f"{PREFIX}{label} : abandonné, {len(remaining)} schémas non migrés.")

    def _pilot(self, schema: str, applied: frozenset, label: str):
        """The pilot migrated by Django with its statements recorded; UP_TO_DATE, or why it cannot be replayed."""
        connection.set_schema(schema)
        executor = DjangoMigrationExecutor(connection, self._progress)
        executor.loader.check_consistent_history(connection)
        targets = _targets(executor.loader, self.app_label, self.migration_name)
        plan = executor.migration_plan(targets)
        if not plan:
            return UP_TO_DATE
        refusal = plan_refusal(plan)
        if refusal:
            return refusal
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan)
        self.say(f"{label} : {len(plan)} migration(s) à appliquer : {names}")
        pre_state = executor._create_project_state(with_applied_migrations=True)
        emit_pre_migrate_signal(self.verbosity, False, connection.alias, stdout=self.stdout,
                                apps=pre_state.apps, plan=plan)
        refusal = plan_refusal(plan)  # a pre_migrate receiver may have added operations
        if refusal:
            return refusal

        started = time.perf_counter()
        with recording(connections[connection.alias], schema) as log, transaction.atomic():
            post_state = executor.migrate(targets, plan=plan, state=pre_state.clone())
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            rows = [row for row in cursor.fetchall() if row not in applied]
        self.report.migrated.append(schema)
        pilot = _Pilot(schema, plan, post_state, Replay(applied, log.statements, rows))
        self._signals_due.append(pilot)
        pilot.refusal = log.refusal()
        self.say(f"schéma pilote {schema} migré par Django en {time.perf_counter() - started:.2f} s : "
                 f"{len(log.statements)} instruction(s) SQL et {len(rows)} ligne(s) django_migrations à rejouer.")
        for sql, params in log.statements:
            self.say(f"  {sql}" + (f"  {params}" if params else ""), level=2)
        return pilot

    def _progress(self, action, migration=None, fake=False):
        if action == "apply_start":
            self.say(f"  Applying {migration}…", level=2)

    def _replay(self, replay: Replay, schemas: list[str]) -> None:
        if not schemas:
            return
        parallel = min(self.parallel, len(schemas))
        size = max(1, min(self.per_connection, math.ceil(len(schemas) / parallel)))
        chunks = [schemas[start:start + size] for start in range(0, len(schemas), size)]
        self.say(f"rejeu dans {len(schemas)} schémas : {parallel} connexion(s) en parallèle, "
                 f"{size} schémas par connexion.")
        if parallel == 1:
            self._collect((replay_chunk(replay, chunk) for chunk in chunks), len(schemas))
            return
        # Threads, not forked processes: the work waits on PostgreSQL, each thread has its own
        # connection, and a fork of a process holding other threads (Sentry's, a test server's) can hang.
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            futures = [pool.submit(replay_chunk, replay, chunk) for chunk in chunks]
            self._collect((future.result() for future in as_completed(futures)), len(schemas))

    def _collect(self, results, total: int) -> None:
        done = 0
        for chunk_result in results:
            for schema, error in chunk_result:
                if error is None:
                    self.report.migrated.append(schema)
                else:
                    self._failed(schema, error)
            done += len(chunk_result)
            self.say(f"schémas {done}/{total}…")

    def _standard(self, schemas: list[str], reason: str) -> None:
        if not schemas:
            return
        self.say(f"{reason} : migration standard de Django, schéma par schéma ({len(schemas)}).")
        for schema in schemas:
            try:
                self.fallback(schema)
            except Exception as exc:  # noqa: BLE001 — reported with the others at the end
                connection.close()
                self._failed(schema, _first_line(exc))
            else:
                self.report.migrated.append(schema)

    def _failed(self, schema: str, error: str) -> None:
        self.report.failed[schema] = error
        self.stderr.write(f"{PREFIX}ÉCHEC {schema} : {error}")
        self.stderr.flush()

    def _post_migrate(self, pilot: _Pilot) -> None:
        """Once per replayed group, from the pilot schema, with the apps as migrate builds them."""
        connection.set_schema(pilot.schema)
        post_state = pilot.post_state
        post_state.clear_delayed_apps_cache()
        post_apps = post_state.apps
        with post_apps.bulk_update():
            model_keys = []
            for model_state in post_apps.real_models:
                model_key = model_state.app_label, model_state.name_lower
                model_keys.append(model_key)
                post_apps.unregister_model(*model_key)
        post_apps.render_multiple([ModelState.from_model(global_apps.get_model(*key)) for key in model_keys])
        emit_post_migrate_signal(self.verbosity, False, connection.alias, stdout=self.stdout, apps=post_apps,
                                 plan=pilot.plan)


def _names_schema(sql: str, schema: str) -> bool:
    return re.search(rf"(?<![\w$]){re.escape(schema)}(?![\w$])", sql, re.IGNORECASE) is not None


class BatchedExecutor(MigrationExecutor):
    """`--executor=batched` of migrate_schemas and platform_migrate."""

    codename = "batched"

    def run_migrations(self, tenants=None):
        tenants = list(tenants or [])
        if self.PUBLIC_SCHEMA_NAME in tenants:
            run_migrations(self.args, self.options, self.codename, self.PUBLIC_SCHEMA_NAME)
            tenants.remove(self.PUBLIC_SCHEMA_NAME)
        if not tenants:
            return
        standard_only = [name for name in STANDARD_ONLY_OPTIONS if self.options.get(name)]
        if standard_only:
            sys.stdout.write(f"{PREFIX}options {', '.join(standard_only)} : exécuteur standard.\n")
            StandardExecutor(self.args, self.options).run_migrations(tenants=tenants)
            return
        count = len(tenants)
        positions = {schema: index for index, schema in enumerate(tenants)}

        def fallback(schema):
            run_migrations(self.args, self.options, self.codename, schema, idx=positions[schema], count=count)

        report = BatchedMigrate(
            app_label=self.options.get("app_label"),
            migration_name=self.options.get("migration_name"),
            verbosity=int(self.options.get("verbosity", 1)),
            parallel=self.options.get("parallel"),
            stdout=self.options.get("stdout"),
            stderr=self.options.get("stderr"),
            fallback=fallback,
        ).run(tenants)
        if report.failed:
            names = ", ".join(f"{schema} ({error})" for schema, error in list(report.failed.items())[:10])
            more = f" et {len(report.failed) - 10} autres" if len(report.failed) > 10 else ""
            raise CommandError(
                f"Migration en échec dans {len(report.failed)} schéma(s) sur {count} : {names}{more}. "
                "Chacun est revenu à son état d'avant ; les autres schémas sont migrés."
            )

    def run_multi_type_migrations(self, tenants):
        StandardExecutor(self.args, self.options).run_multi_type_migrations(tenants=tenants)
