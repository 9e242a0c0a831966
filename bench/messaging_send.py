"""Send one message to N residents of one residence with W Celery workers, against local stubs of the
outside services (an aiosmtpd SMTP sink, an HTTP server speaking Brevo's SMS API), and check that each
recipient got it exactly once, even when the sending task is queued a second time.

    .venv/bin/python bench/messaging_send.py                       # 2,000 residents, 2 workers
    .venv/bin/python bench/messaging_send.py --residents 50 --smoke

Prints figures (no pass/fail on time; the target is < 60 s for 2,000 residents with 2 workers).
Runs on a database of its own (apes_bench_messaging by default), dropped at the end.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, configure, drop_database, setup_django  # noqa: E402

SLUG = "bench-messages"


def _residents(residence, n: int) -> dict[str, int]:
    """Half by e-mail, 40 % by SMS (each with its consent), 10 % with no usable channel (call list)."""
    import datetime as dt

    from django_tenants.utils import schema_context

    from core.people.models import Resident
    from core.privacy.models import Consent

    counts = {"email": 0, "sms": 0, "call": 0}
    with schema_context(residence.schema_name):
        Resident.objects.all().delete()
        people = []
        for i in range(n):
            kind = "email" if i % 10 < 5 else ("sms" if i % 10 < 9 else "call")
            counts[kind] += 1
            people.append(Resident(
                first_name=f"Habitant{i}", age_band="26-59", consent_on=dt.date(2026, 1, 1),
                contact_channel={"email": "email", "sms": "sms", "call": "in_person"}[kind],
                email=f"habitant{i}@banc.test" if kind == "email" else "",
                phone=f"06{i:08d}" if kind == "sms" else ""))
        Resident.objects.bulk_create(people, batch_size=1000)
        consents = [Consent(resident=r, scope="contact_email" if r.email else "contact_sms", given_on=dt.date(2026, 1, 1))
                    for r in Resident.objects.exclude(contact_channel="in_person")]
        Consent.objects.bulk_create(consents, batch_size=1000)
    return counts


def _workers(count: int, env: dict) -> list[subprocess.Popen]:
    from django.conf import settings

    procs = []
    for i in range(count):
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "apes_platform", "worker", "--pool=solo", "-n", f"bench{i}@%h",
             "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=WARNING"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    from apes_platform.celery import app

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5) or []
        if len(replies) >= count:
            return procs
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a worker exited: " + "".join(p.stderr.read() for p in procs if p.poll() is not None))
    raise RuntimeError("workers did not answer within 90 s")


def _wait_done(message_id: int, timeout: float) -> float:
    from django.db import connection
    from django_tenants.utils import schema_context

    from core.messaging.models import Delivery

    started = time.perf_counter()
    with schema_context(f"r_{SLUG.replace('-', '_')}"):
        while time.perf_counter() - started < timeout:
            rows = Delivery.objects.filter(message_id=message_id)
            if rows.exists() and not rows.filter(channel__in=["email", "sms"], status__in=["queued", "sending"]).exists():
                return time.perf_counter() - started
            connection.close()
            time.sleep(0.2)
    raise RuntimeError(f"not done after {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="apes_bench_messaging")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--smoke", action="store_true", help="a small quick run (the test suite's)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from tests.messaging.stubs import BrevoStub, SmtpSink

    with SmtpSink() as smtp, BrevoStub() as brevo:
        # Worker processes and this one read the same settings from the environment.
        os.environ.update({
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port), "SMS_BACKEND": "core.messaging.sms.BrevoSmsBackend",
            "SMS_BREVO_API_URL": brevo.url, "SMS_BREVO_API_KEY": brevo.API_KEY,
            "MESSAGING_SMS_QUIET_HOURS": "false",  # the bench may run at night
        })
        configure(args.database)
        print("Préparation de la base de mesure…", flush=True)
        setup_django(args.database)
        try:
            return _run(args, smtp, brevo)
        finally:
            if not args.keep:
                drop_database(args.database)


def _run(args, smtp, brevo) -> int:
    from django.db.models import Count
    from django.test import override_settings
    from django_tenants.utils import schema_context

    from core.messaging import services
    from core.messaging.models import Delivery, Message
    from core.messaging.tasks import send_message
    from tenants.models import Landlord, Residence
    from tenants.services import residence_create

    residence = Residence.objects.filter(slug=SLUG).first()
    if residence is None:
        landlord, _ = Landlord.objects.get_or_create(short_name="Banc", defaults={"name": "Bailleur de mesure"})
        with override_settings(RESIDENCE_PROVISIONING="script", TENANT_CREATION_FAKES_MIGRATIONS=False):
            residence = residence_create(name="Résidence des messages", slug=SLUG, landlord=landlord,
                                         address="1 rue du Banc", postcode="75001", city="Paris", department="75",
                                         dwellings=900).residence
    counts = _residents(residence, args.residents)
    procs = _workers(args.workers, dict(os.environ))
    try:
        with schema_context(residence.schema_name):
            message = services.message_save(subject="Fête des voisins", body="Bonjour {prenom}, à samedi !",
                                            sms_body="Bonjour {prenom}, fete des voisins samedi 15h !")
            started = time.perf_counter()
            services.message_send_request(message=message)
        elapsed = _wait_done(message.pk, args.timeout)
        # The same task queued again (a retry, a double click that got through): nothing more is sent.
        with schema_context(residence.schema_name):
            send_message.delay(message.pk).get(timeout=120)
        time.sleep(1.0)
        _wait_done(message.pk, args.timeout)
        with schema_context(residence.schema_name):
            rows = Delivery.objects.filter(message=message)
            by_status = dict(rows.order_by().values_list("status").annotate(n=Count("id")))
            email_rows, sms_rows = rows.filter(channel="email").count(), rows.filter(channel="sms").count()
            call_rows = rows.filter(channel="call").count()
            status = Message.objects.get(pk=message.pk).status
        mails = [m["to"][0] for m in smtp.messages]
        texts = [r["recipient"] for r in brevo.requests]
        once = (len(mails) == len(set(mails)) == counts["email"] == email_rows
                and len(texts) == len(set(texts)) == counts["sms"] == sms_rows and call_rows == counts["call"])
        sent = len(mails) + len(texts)
        print()
        print(f"Envoi d'un message à {args.residents} habitant·es, {args.workers} workers (stubs SMTP et SMS locaux)")
        print(f"| mesure | valeur |\n|---|---|")
        print(f"| e-mails reçus par le puits SMTP | {len(mails)} (attendus {counts['email']}) |")
        print(f"| SMS reçus par le stub Brevo | {len(texts)} (attendus {counts['sms']}) |")
        print(f"| liste d'appels | {call_rows} (attendus {counts['call']}) |")
        print(f"| statuts des envois | {by_status} |")
        print(f"| message | {status} |")
        print(f"| durée jusqu'au dernier envoi | {elapsed:.1f} s |")
        print(f"| débit | {sent / elapsed:.0f} envois/s |")
        print(f"| chaque destinataire exactement une fois (tâche relancée) | {'oui' if once else 'NON'} |")
        if not args.smoke:
            print(f"| objectif < 60 s | {'atteint' if elapsed < 60 else 'NON atteint'} |")
        return 0 if once else 1
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
