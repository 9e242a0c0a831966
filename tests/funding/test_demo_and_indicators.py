"""Demo data of partners, projects and funding; the indicators on hand-counted data; report sections;
the head office's funding view across residences (landlords see theirs only)."""
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.funding.indicators import (
    applications_granted,
    applications_submitted,
    funding_granted,
    funding_requested,
    funding_success_rate,
)
from core.funding.models import Application, CallForProjects
from core.funding.services import application_create, application_stage_set, call_create
from core.partners.indicators import partner_interactions, partners_active, partnerships_new_active
from core.partners.factories import PartnerFactory
from core.partners.models import Interaction, NetworkMeeting, Partner
from core.partners.services import interaction_record, partner_status_set
from core.people.factories import ResidentFactory
from core.projects.indicators import projects_completed, projects_funded, projects_started, project_targets_met_share
from core.projects.models import ResidentProject
from core.projects.services import project_create, project_stage_set, target_add
from tests.conftest import aware, client_on

MAY = (aware(2026, 5, 1, 0), aware(2026, 6, 1, 0))


def test_demo_populates_the_network_projects_and_funding(residence_a, in_schema, settings, tmp_path):
    from core.funding.demo import demo_populate as funding_demo
    from core.partners.demo import demo_populate as partners_demo
    from core.spaces.demo import demo_populate as spaces_demo

    settings.MEDIA_ROOT = tmp_path
    month = timezone.localdate().replace(day=1)
    months = [(month - dt.timedelta(days=100)).replace(day=1), month]
    with in_schema(residence_a):
        ResidentFactory.create_batch(20)
        spaces_demo(seed="t", months=months)
        partners_demo(seed="t", months=months)
        funding_demo(seed="t", months=months)
        assert Partner.objects.count() >= 9 and Interaction.objects.exists() and NetworkMeeting.objects.exists()
        assert Interaction.objects.exclude(next_step="").exists()
        assert CallForProjects.objects.filter(source="aides_territoires", updated_at_source=True).exists()
        assert set(Application.objects.values_list("stage", flat=True)) >= {"idea", "granted", "partly_granted"}
        assert ResidentProject.objects.count() == 4 and ResidentProject.objects.filter(documents__isnull=False).exists()


def test_partner_indicators_on_hand_counted_data(residence_a, in_schema):
    with in_schema(residence_a):
        a, b, c = PartnerFactory.create_batch(3)
        for partner, day in ((a, 3), (a, 20), (b, 31)):
            interaction_record(partner=partner, kind="call", date=dt.date(2026, 5, day))
        interaction_record(partner=c, kind="call", date=dt.date(2026, 6, 1))
        partner_status_set(partner=a, status="active", changed_on=dt.date(2026, 5, 10))
        assert partners_active(*MAY) == (Decimal(2), 2)
        assert partner_interactions(*MAY) == (Decimal(3), 3)
        assert partnerships_new_active(*MAY) == (Decimal(1), 1)


def test_funding_indicators_are_exact_euros(residence_a, in_schema):
    with in_schema(residence_a):
        call = call_create(title="Appel", funder_name="F")
        one = application_create(call=call, amount_requested=Decimal("1000.10"))
        two = application_create(call=call, amount_requested=Decimal("500.05"))
        three = application_create(call=call, amount_requested=Decimal("99.99"))
        for app in (one, two, three):
            application_stage_set(application=app, stage="submitted", on=dt.date(2026, 5, 2))
        application_stage_set(application=one, stage="granted", amount_granted=Decimal("1000.10"), on=dt.date(2026, 5, 20))
        application_stage_set(application=two, stage="refused", on=dt.date(2026, 5, 21))
        application_stage_set(application=three, stage="partly_granted", amount_granted=Decimal("50.01"),
                              on=dt.date(2026, 6, 2))
        assert applications_submitted(*MAY) == (Decimal(3), 3)
        assert funding_requested(*MAY) == (Decimal("1600.14"), 3)
        assert applications_granted(*MAY) == (Decimal(1), 1)
        assert funding_granted(*MAY) == (Decimal("1000.10"), 1)
        assert funding_success_rate(*MAY) == (Decimal("50.00"), 2)
        assert funding_success_rate(aware(2026, 1, 1, 0), aware(2026, 2, 1, 0)) == (None, 0)


def test_project_indicators(residence_a, in_schema):
    with in_schema(residence_a):
        p1 = project_create(title="P1", kind="event", carrier_group="G", started_on=dt.date(2026, 5, 3))
        project_create(title="P2", kind="event", carrier_group="G", started_on=dt.date(2026, 4, 3))
        project_stage_set(project=p1, stage="done", on=dt.date(2026, 5, 30))
        call = call_create(title="Appel", funder_name="F")
        app = application_create(call=call, amount_requested=Decimal("10"), project=p1)
        application_stage_set(application=app, stage="granted", amount_granted=Decimal("10"), on=dt.date(2026, 5, 9))
        target_add(project=p1, label="ateliers", target=3, actual=4)
        target_add(project=p1, label="personnes", target=10, actual=2)
        assert projects_started(*MAY) == (Decimal(1), 1)
        assert projects_completed(*MAY) == (Decimal(1), 1)
        assert projects_funded(*MAY) == (Decimal(1), 1)
        far = (aware(2030, 1, 1, 0), aware(2030, 2, 1, 0))
        assert project_targets_met_share(*far) == (Decimal("50.00"), 2)


def test_residence_report_sections_render(residence_a, in_schema):
    from reporting.reports.sections import RESIDENCE, SECTIONS, ReportContext

    with in_schema(residence_a):
        partner = PartnerFactory(name="Siel Bleu")
        interaction_record(partner=partner, kind="call", date=dt.date(2026, 5, 3))
        project = project_create(title="Jardin", kind="event", carrier_group="G", started_on=dt.date(2026, 5, 3))
        call = call_create(title="Appel", funder_name="Fondation")
        app = application_create(call=call, amount_requested=Decimal("1234.50"), project=project)
        application_stage_set(application=app, stage="submitted", on=dt.date(2026, 5, 4))
        report = ReportContext(kind=RESIDENCE, year=2026, residence=residence_a)
        html = {code: SECTIONS[code].render(report) for code in ("partners", "projects", "funding")}
    assert "Siel Bleu" in html["partners"] and "Jardin" in html["projects"]
    assert "1\u00a0234,50\u00a0€" in html["funding"]


def test_head_office_funding_view_across_residences_and_landlords_see_theirs(
        residence_a, residence_b, head_office, viewer_l1, viewer_l2, coordinator_a, in_schema):
    with in_schema(residence_a):
        call = call_create(title="Appel de Saint-Denis", funder_name="Fondation de France",
                           deadline=timezone.localdate() + dt.timedelta(days=10))
        application_create(call=call, amount_requested=Decimal("1000.00"))
    with in_schema(residence_b):
        call = call_create(title="Appel de Vitry", funder_name="Ville de Vitry")
        app = application_create(call=call, amount_requested=Decimal("300.00"))
        application_stage_set(application=app, stage="granted", amount_granted=Decimal("300.00"))
    page = client_on(None, head_office).get("/pilotage/financements/").content.decode()
    assert "Fondation de France" in page and "Ville de Vitry" in page and "Appel de Saint-Denis" in page
    l1 = client_on(None, viewer_l1).get("/pilotage/financements/").content.decode()
    assert "Fondation de France" in l1 and "Ville de Vitry" not in l1 and residence_b.name not in l1
    l2 = client_on(None, viewer_l2).get("/pilotage/financements/").content.decode()
    assert "Ville de Vitry" in l2 and "Fondation de France" not in l2
    text = client_on(None, head_office).get("/pilotage/financements/?export=csv").content.decode("utf-8-sig")
    assert "Ville de Vitry" in text and "300.00" in text
    assert client_on(None, coordinator_a).get("/pilotage/financements/").status_code == 403
    assert client_on(None).get("/pilotage/financements/").status_code == 302
