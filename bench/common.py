"""Shared set-up of the benchmark database: N residences created once, reused by every part.

The benchmark runs on a database of its own (apes_bench_<name>), with the project's settings plus
`benchapp` (bench/bench_settings.py). Residences are created by the provisioning service; each gets a
little data, and one large residence ("bench-grande") gets 2,000 residents for the screens.
"""
from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PASSWORD = "banc-de-mesure-2026"
BIG_SLUG = "bench-grande"
BIG_RESIDENTS = 2000
SMALL_RESIDENTS = 20


def database_url(database: str) -> str:
    """The configured server (DATABASE_URL, the embedded one, or the default), database `database`."""
    from urllib.parse import urlparse

    from apes_platform.service_urls import configured_url

    return urlparse(configured_url("DATABASE_URL"))._replace(path=f"/{database}").geturl()


def configure(database: str) -> None:
    """Point this process (and the processes it starts) at the bench database and settings."""
    from apes_platform.service_urls import configured_url

    os.environ["DATABASE_URL"] = database_url(database)
    os.environ["REDIS_URL"] = configured_url("REDIS_URL")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    for path in (str(ROOT), str(BENCH)):
        if path not in sys.path:
            sys.path.insert(0, path)


def setup_django(database: str):
    configure(database)
    subprocess.run([sys.executable, str(ROOT / "infra" / "services.py"), "--create-db"], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    # Batched: with nothing to migrate it checks 1,001 schemas in seconds, where the standard
    # executor opens each one (7 min at 1,001 residences).
    call_command("platform_migrate", verbosity=0, executor="batched")


def drop_database(database: str) -> None:
    """Leave nothing behind: the bench database and our Redis keys."""
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    try:
        from django.core.cache import cache

        client = cache._cache.get_client(None, write=True)
        for pattern in (f"*apes-{database}*", f"apes-{database}*"):
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)
    except Exception as exc:  # noqa: BLE001 - cleanup is best effort, reported
        print(f"(nettoyage Redis incomplet : {exc})")


@dataclass
class Fixture:
    residences: list = field(default_factory=list)  # every bench residence, small ones then the big one
    big: object = None
    small: object = None
    coordinator: object = None
    head_office: object = None
    created_seconds: float = 0.0


def _fill(residence, *, residents: int, activities: int, rng: random.Random) -> None:
    import datetime as dt

    from django.utils import timezone
    from django_tenants.utils import schema_context

    from core.activities.models import Activity, ActivityKind, Attendance
    from core.people.models import AgeBand, Resident

    first_names = ["Aïcha", "Bernard", "Chantal", "Djibril", "Élodie", "Fatou", "Gérard", "Hélène", "Inès", "Jean"]
    kinds = [c.value for c in ActivityKind]
    bands = [c.value for c in AgeBand]
    now = timezone.now()
    with schema_context(residence.schema_name):
        if Resident.objects.exists():
            return
        people = Resident.objects.bulk_create([
            Resident(first_name=rng.choice(first_names), last_name_initial=chr(65 + rng.randrange(26)),
                     age_band=rng.choice(bands), consent_on=dt.date(2025, 1, 1))
            for _ in range(residents)
        ])
        starts = [now - dt.timedelta(days=rng.randrange(-20, 45), hours=rng.randrange(8)) for _ in range(activities)]
        events = Activity.objects.bulk_create([
            Activity(title=f"Atelier {i}", kind=rng.choice(kinds), starts_at=start,
                     ends_at=start + dt.timedelta(hours=2), place="Salle commune", facilitator="Animatrice")
            for i, start in enumerate(starts)
        ])
        Attendance.objects.bulk_create([
            Attendance(activity=event, resident=person)
            for event in events for person in rng.sample(people, min(len(people), 12))
        ])


def _analyze(schemas: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT format('%%I.%%I', schemaname, tablename) FROM pg_tables WHERE schemaname = ANY(%s)",
                       [schemas])
        for (table,) in cursor.fetchall():
            cursor.execute(f"ANALYZE {table}")


def ensure_residences(count: int) -> Fixture:
    """`count` small residences plus the big one, created once and reused."""
    from django.db import connection
    from django.test import override_settings

    from tenants.models import Landlord, Residence, User
    from tenants.services import residence_create, user_create

    started = time.perf_counter()
    landlord, _ = Landlord.objects.get_or_create(short_name="Banc", defaults={"name": "Bailleur de mesure"})
    fields = dict(landlord=landlord, address="1 rue du Banc", postcode="75001", city="Paris", department="75",
                  dwellings=60)
    rng = random.Random(2026)
    existing = set(Residence.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    wanted = [f"bench-{i:04d}" for i in range(count)] + [BIG_SLUG]
    missing = [slug for slug in wanted if slug not in existing]
    if missing:
        print(f"Création de {len(missing)} résidences (script de création, RESIDENCE_PROVISIONING=script)…", flush=True)
    # "script" (the project's default): the first residence is migrated by Django, the others replay its SQL.
    with override_settings(RESIDENCE_PROVISIONING="script", TENANT_CREATION_FAKES_MIGRATIONS=False):
        for n, slug in enumerate(missing, 1):
            residence_create(name=f"Résidence {slug}", slug=slug, **fields)
            if n % 50 == 0:
                # A backend that touched hundreds of new schemas slows every DDL down (seen: 1 s per
                # residence in a fresh connection, 4 s after 200 in the same one): recycle it.
                connection.close()
            if n % 100 == 0:
                print(f"  {n}/{len(missing)} ({time.perf_counter() - started:.0f} s)", flush=True)
    residences = list(Residence.objects.filter(slug__in=wanted).order_by("slug"))
    by_slug = {r.slug: r for r in residences}
    for n, residence in enumerate(residences, 1):
        if n % 100 == 0:
            connection.close()
        big = residence.slug == BIG_SLUG
        _fill(residence, residents=BIG_RESIDENTS if big else SMALL_RESIDENTS, activities=200 if big else 8, rng=rng)
    fixture = Fixture(residences=residences, big=by_slug[BIG_SLUG], small=by_slug[wanted[0]] if count else None)
    # Planner statistics of the new rows, as autovacuum would gather them in a few minutes: without
    # them PostgreSQL plans the big residence's screens for empty tables (seen: home page 380 ms).
    _analyze([by_slug[BIG_SLUG].schema_name, "public"] + ([fixture.small.schema_name] if fixture.small else []))
    fixture.coordinator = User.objects.filter(email="coordination@banc.test").first() or user_create(
        email="coordination@banc.test", password=PASSWORD, full_name="Coordinatrice du banc", role=User.Role.COORDINATOR,
        residences=[r for r in (fixture.big, fixture.small) if r is not None],
    )
    fixture.head_office = User.objects.filter(email="siege@banc.test").first() or user_create(
        email="siege@banc.test", password=PASSWORD, full_name="Siège du banc", role=User.Role.HEAD_OFFICE,
    )
    fixture.created_seconds = time.perf_counter() - started
    return fixture


def host(residence) -> str:
    from tenants.services import residence_domain

    return residence_domain(residence.slug)


def session_cookie(user, residence) -> str:
    """A session of `user` bound to the residence's host, as the login form would make it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from apes_platform.middleware import SESSION_HOST_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "tenants.auth_backends.AccountBackend"  # the backend that loads users
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_HOST_KEY] = host(residence)
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def percentile(values, pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def table(title: str, headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    lines = [f"\n## {title}", "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    return "\n".join(lines)


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"charge {one:.1f}/{five:.1f} sur {os.cpu_count()} cœurs"
