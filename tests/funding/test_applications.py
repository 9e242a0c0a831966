"""Applications: from a call to a decision, exact euros, reports owed, reminders sent once."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.funding.models import Application, CallForProjects, CallStatus, SentReminder
from core.funding.services import (
    application_create,
    application_stage_set,
    call_create,
    funding_line_add,
    reminders_send,
    report_due_add,
)
from core.funding.selectors import funding_plan
from core.partners.factories import PartnerFactory
from core.projects.services import project_create
from tests.conftest import client_on


@pytest.fixture
def call(residence_a, in_schema):
    with in_schema(residence_a):
        return call_create(title="Fonds d'initiatives habitantes", funder_name="Ville de Saint-Denis",
                           deadline=timezone.localdate() + dt.timedelta(days=40), amount_max=Decimal("5000"))


def test_call_needs_a_funder_and_an_ordered_amount_range(residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as refused:
            call_create(title="X")
        assert "funder_name" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            call_create(title="X", funder_name="Y", amount_min=Decimal("500"), amount_max=Decimal("100"))
        assert "Le montant maximum doit être supérieur ou égal au minimum." in str(refused.value)


def test_application_from_idea_to_partly_granted_with_exact_euros(residence_a, coordinator_a, in_schema, call):
    client = client_on(residence_a, coordinator_a)
    with in_schema(residence_a):
        partner = PartnerFactory(name="Centre social")
    response = client.post(f"/financements/appels/{call.pk}/dossier/", {
        "title": "Jardin partagé", "amount_requested": "3000.10", "co_applicants": [partner.pk]})
    assert response.status_code == 302
    with in_schema(residence_a):
        application = Application.objects.get()
        call.refresh_from_db()
    assert application.amount_requested == Decimal("3000.10") and call.status == CallStatus.APPLYING
    path = f"/financements/dossiers/{application.pk}/etape/"
    assert client.post(path, {"stage": "submitted", "on": "2026-03-01"}).status_code == 302
    page = client.post(path, {"stage": "granted", "on": "2026-04-01"}).content.decode()
    assert "Montant accordé (€) : Indiquez le montant accordé." in page
    page = client.post(path, {"stage": "granted", "on": "2026-04-01", "amount_granted": "4000"}).content.decode()
    assert "dépasse le montant demandé" in page
    page = client.post(path, {"stage": "refused", "on": "2026-02-01"}).content.decode()
    assert "La décision ne peut pas précéder le dépôt du dossier." in page
    assert client.post(path, {"stage": "partly_granted", "on": "2026-04-01", "amount_granted": "1500.05"}).status_code == 302
    with in_schema(residence_a):
        application.refresh_from_db()
        assert (application.stage, application.amount_granted) == ("partly_granted", Decimal("1500.05"))
        assert list(application.stage_changes.order_by("id").values_list("stage", flat=True)) == [
            "idea", "submitted", "partly_granted"]
    detail = client.get(f"/financements/dossiers/{application.pk}/").content.decode()
    assert "1\u00a0500,05\u00a0€" in detail
    assert "Centre social" in detail
    text = client.get("/financements/dossiers/?stage=partly_granted&export=csv").content.decode("utf-8-sig")
    assert "Jardin partagé" in text and "1500.05" in text


def test_database_refuses_a_granted_application_without_amount(residence_a, in_schema, call):
    from django.db import IntegrityError, transaction

    with in_schema(residence_a):
        application = application_create(call=call, amount_requested=Decimal("100"))
        with pytest.raises(IntegrityError), transaction.atomic():
            Application.objects.filter(pk=application.pk).update(stage="granted")


def test_funding_plan_totals_are_exact_and_application_lines_follow_the_grant(residence_a, in_schema, call):
    with in_schema(residence_a):
        project = project_create(title="Atelier vélo", kind="collective_action", carrier_group="Les cyclistes")
        application = application_create(call=call, amount_requested=Decimal("1000.10"), project=project)
        funding_line_add(project=project, source="application", application=application, planned=Decimal("1000.10"))
        funding_line_add(project=project, source="own", planned=Decimal("0.20"), obtained=Decimal("0.10"))
        funding_line_add(project=project, source="in_kind", planned=Decimal("0.10"), obtained=Decimal("0.20"))
        plan = funding_plan(project=project)
        assert (plan.planned, plan.obtained) == (Decimal("1000.40"), Decimal("0.30"))
        application_stage_set(application=application, stage="granted", amount_granted=Decimal("1000.10"))
        plan = funding_plan(project=project)
        assert plan.obtained == Decimal("1000.40") and plan.missing == Decimal("0.00")
        with pytest.raises(ValidationError) as refused:
            funding_line_add(project=project, source="application", planned=Decimal("1"))
        assert "application" in refused.value.message_dict


def _setup_reminders(call, today):
    application_create(call=call, amount_requested=Decimal("100"))
    decided = application_create(call=call, amount_requested=Decimal("50"), title="Autre dossier")
    application_stage_set(application=decided, stage="granted", amount_granted=Decimal("50"), on=today)
    report_due_add(application=decided, due_on=today + dt.timedelta(days=7), label="Bilan intermédiaire")


def test_reminders_go_once_even_when_the_task_runs_twice(residence_a, coordinator_a, in_schema, call, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = call.deadline - dt.timedelta(days=14)
    with in_schema(residence_a):
        _setup_reminders(call, today)
        assert reminders_send(residence=residence_a, today=today) == 2
        assert reminders_send(residence=residence_a, today=today) == 0
        assert reminders_send(residence=residence_a, today=today + dt.timedelta(days=1)) == 0
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(mail.outbox) == 2 and all(m.to == [coordinator_a.email] for m in mail.outbox)
    assert "Date limite dans 14 jours : Fonds d'initiatives habitantes" in subjects[1]
    assert "Compte rendu à rendre dans 7 jours : Autre dossier" in subjects[0]
    with in_schema(residence_a):
        # The last reminder (3 days before) is another one: it goes too, once.
        assert reminders_send(residence=residence_a, today=call.deadline - dt.timedelta(days=3)) == 1
        assert SentReminder.objects.count() == 3


def test_a_failed_sending_is_not_recorded_and_goes_next_time(residence_a, coordinator_a, in_schema, call, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nobody listens
    today = call.deadline - dt.timedelta(days=14)
    with in_schema(residence_a):
        application_create(call=call, amount_requested=Decimal("100"))
        with pytest.raises(OSError):
            reminders_send(residence=residence_a, today=today)
        assert not SentReminder.objects.exists()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert reminders_send(residence=residence_a, today=today) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_reminder(residence_a, coordinator_a, settings):
    """Two connections run the reminders concurrently: the unique constraint lets one through."""
    import threading

    from django.db import connections
    from django_tenants.utils import schema_context

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with schema_context(residence_a.schema_name):
        call = call_create(title="Appel partagé", funder_name="Fondation", deadline=timezone.localdate() + dt.timedelta(days=3))
        application_create(call=call, amount_requested=Decimal("10"))
    results, barrier = [], threading.Barrier(2)

    def worker():
        try:
            with schema_context(residence_a.schema_name):
                barrier.wait()
                results.append(reminders_send(residence=residence_a))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [0, 1] and len(mail.outbox) == 1
    finally:
        with schema_context(residence_a.schema_name):
            SentReminder.objects.all().delete()
            Application.objects.all().delete()
            CallForProjects.objects.all().delete()


def test_lists_are_constant_in_queries(residence_a, coordinator_a, in_schema, call):
    client = client_on(residence_a, coordinator_a)

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    def add(n):
        with in_schema(residence_a):
            for i in range(n):
                c = call_create(title=f"Appel {i}", funder_name="F")
                a = application_create(call=c, amount_requested=Decimal("10"))
                a.co_applicants.add(PartnerFactory())

    paths = ["/financements/appels/", "/financements/dossiers/", "/api/calls-for-projects/", "/api/applications/"]
    add(1)
    before = {p: count(p) for p in paths}
    add(10)
    assert {p: count(p) for p in paths} == before
