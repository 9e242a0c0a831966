"""Reporting pages at scale: 1,000 residences × 24 months × 20 indicators in the public table.

Runs on its own database (apes_bench_reporting by default; never the test suite). Seeds
residence rows (no schemas: the pages never enter one) and indicator values with COPY,
then requests the head-office comparison, the landlord page, the trends and profile pages
through the Django test client (logged in with the second factor) and prints p50/p95 and
query counts, warm, then the comparison's first request after a refresh (cold cache).

    .venv/bin/python bench/reporting_pages.py --residences 1000 --months 24 --indicators 20 --rounds 30
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "mesure-des-indicateurs-2026"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residences", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--landlords", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--database", default="apes_bench_reporting")
    args = parser.parse_args()

    from urllib.parse import urlparse

    from apes_platform.service_urls import configured_url

    # The configured server (DATABASE_URL, the embedded one, or the default), database of its own.
    os.environ["DATABASE_URL"] = urlparse(configured_url("DATABASE_URL"))._replace(path=f"/{args.database}").geturl()
    os.environ["REDIS_URL"] = configured_url("REDIS_URL")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_platform.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "infra/services.py"), "--create-db"], check=True)

    import django

    django.setup()
    import random
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reporting.indicators import CATALOGUE, indicator
    from reporting.models import IndicatorValue
    from reporting.periods import add_months, month_start
    from tenants.models import Landlord, Residence, User
    from tenants.services import user_create

    call_command("migrate_schemas", "--shared", verbosity=0)

    # Pad the catalogue to the number of indicators asked for (the real ones come first).
    for n in range(len(CATALOGUE), args.indicators):
        indicator(code=f"bench_{n}", label=f"Indicateur de mesure {n}", definition="Mesure.", unit="u",
                  period="month", higher_is_better=True, counts_people=n % 2 == 0)(
            lambda start, end: (Decimal(0), 0))
    codes = list(CATALOGUE)[: args.indicators]
    latest = add_months(month_start(timezone.localdate()), -1)
    months = [add_months(latest, -i) for i in range(args.months)]

    landlords = []
    for n in range(args.landlords):
        landlord, _ = Landlord.objects.get_or_create(short_name=f"Bench{n}", defaults={"name": f"Bailleur mesure {n}"})
        landlords.append(landlord)
    present = Residence.objects.filter(slug__startswith="bench-").count()
    expected_values = args.residences * len(months) * len(codes)
    if present != args.residences or IndicatorValue.objects.count() != expected_values:
        print(f"Seeding {args.residences} residences × {len(months)} months × {len(codes)} indicators…", flush=True)
        started = time.perf_counter()
        IndicatorValue.objects.all().delete()
        Residence.objects.filter(slug__startswith="bench-").delete()
        rng = random.Random(2026)
        Residence.objects.bulk_create([
            Residence(name=f"Résidence {i:04d}", slug=f"bench-{i}", schema_name=f"r_bench_{i}",
                      landlord=landlords[i % len(landlords)], address="1 rue du Banc", postcode="75001",
                      city="Paris", department=f"{75 + i % 20:02d}", dwellings=rng.randint(20, 400),
                      is_priority_neighbourhood=i % 3 == 0)
            for i in range(args.residences)
        ], batch_size=1000)
        ids = list(Residence.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
        now = timezone.now()
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                "COPY reporting_indicatorvalue (residence_id, indicator, period_kind, period_start, value, "
                "count_basis, suppressed, computed_at) FROM STDIN"
            ) as copy:
                for rid in ids:
                    for month in months:
                        for code in codes:
                            basis = rng.randint(0, 60)
                            copy.write_row((rid, code, "month", month, basis, basis, basis < 11, now))
            cursor.execute("ANALYZE")  # as autovacuum would: planner statistics of the new rows
        print(f"  seeded {expected_values} values in {time.perf_counter() - started:.1f} s", flush=True)

    def account(email, role, landlord=None):
        user = User.objects.filter(email=email).first()
        return user or user_create(email=email, password=PASSWORD, full_name=email, role=role, landlord=landlord)

    head_office = account("siege@bench.test", User.Role.HEAD_OFFICE)
    viewer = account("bailleur@bench.test", User.Role.LANDLORD_VIEWER, landlords[0])

    def client_for(user):
        """Logged in by the real form, then the second factor (TOTP) that these roles owe."""
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client = Client(HTTP_HOST="localhost")
        assert client.post("/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
        device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
                  or TOTPDevice.objects.create(user=user, name="Mesure", confirmed=True))
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                        throttling_failure_timestamp=None)
        code = str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(device.digits)
        assert client.post("/connexion/verification/", {"code": code}).status_code == 302, "second factor refused"
        return client

    period = latest.strftime("%Y-%m")
    pages = [
        ("head-office comparison", head_office, f"/pilotage/?periode={period}"),
        ("head-office comparison, sorted + filtered", head_office,
         f"/pilotage/?periode={period}&tri={codes[0]}&ordre=desc&qpv=oui"),
        ("landlord page", viewer, f"/pilotage/bailleur/?periode={period}"),
        ("head-office trends (24 months, one indicator)", head_office,
         f"/pilotage/tendances/?periode={period}&mois=24"),
        ("residence profile (24 months, all indicators)", head_office,
         f"/pilotage/residences/{Residence.objects.filter(slug='bench-1').values_list('pk', flat=True).get()}/"
         f"?periode={period}&mois=24"),
    ]
    print(f"\n{args.residences} residences, {len(months)} months, {len(codes)} indicators, "
          f"{IndicatorValue.objects.count()} values; {args.rounds} requests per page\n")
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| page | p50 | p95 | queries |")
    print("|---|---|---|---|")
    for name, user, path in pages:
        client = client_for(user)
        for _ in range(3):
            warm = client.get(path)
            assert warm.status_code == 200, (path, warm.status_code, warm.get("Location"))
        timings = []
        for _ in range(args.rounds):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(f"| {name} | {statistics.median(timings):.0f} ms | {percentile(timings, 0.95):.0f} ms "
              f"| {len(queries)} |", flush=True)

    # The first request after a refresh: the generation bump every refresh does on commit empties
    # the comparison cache, so the page recomputes the period's cells (values query) before caching them.
    from reporting.services import reporting_values_changed

    name, user, path = pages[0]
    client = client_for(user)
    timings = []
    for _ in range(max(5, args.rounds // 4)):
        reporting_values_changed()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(f"| {name}, first request after a refresh (cold cache) | {statistics.median(timings):.0f} ms "
          f"| {percentile(timings, 0.95):.0f} ms | {len(queries)} |", flush=True)


if __name__ == "__main__":
    main()
