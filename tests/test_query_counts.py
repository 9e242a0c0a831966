"""Every list is constant in queries, whatever the rows: checked over every route of both URL confs.

The coordinator of A on A's host (`apes_platform.urls_tenant`), the head office and a landlord viewer of
L1 on the bare domain (`apes_platform.urls_public`) GET every route (walked as the isolation matrix walks
them, values from tests/route_values.py) that answers them 200: pages, HTMX fragments, CSV/XLSX/PDF
exports, API lists. The SQL statements of each are counted; then a second and a third copy of every row
is added (`residence_a_objects` and `landlord_call_objects` with other base ids), plus child rows of the
objects of id 800001 that the detail routes show (attendances of the activity, entries of the budget year,
applications of the calls, versions of the resource…), and every route is counted again. A route whose
count moved has an N+1: fix its selector (select_related / prefetch_related / annotate). A head-office
page that reads each residence's schema grows with the residences, never with the rows: it is listed in
`PER_RESIDENCE` with its statements per residence and why, in a reviewed change (a second residence of L1,
the third in all, is added for that).

Each route is requested once before it is counted, so caches (host, indicators, navigation) are warm in
both walks alike. A list must not be empty in the first walk (prefetches of an empty page cost nothing):
the seed's random values are fixed, and the drop-in visits are « besoin exprimé » ones.
"""
import datetime as dt

import factory.random
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_on
from tests.route_values import landlord_call_objects, residence_a_objects
from tests.test_isolation_matrix import concrete, routes

# Routes whose count legitimately grows with the residences a persona sees (statements per residence, why):
# constant in rows still. Nothing grows with rows.
PER_RESIDENCE: dict[str, tuple[int, str]] = {
    "pilotage/financements/": (3, "reads each residence's own schema (its search path, its applications, its "
                                  "deadlines): core/funding/network.py, by design"),
}
MORE = (800_002, 800_003)  # the second and third copies of every row


def _counts(client, urlconf: str, ids: dict, only: set[str] | None = None) -> dict[str, int]:
    """The number of SQL statements of each route answering this persona's GET with 200 (or of `only`)."""
    counts = {}
    for route in routes(urlconf):
        path = concrete(route, ids)
        if path is None or (only is not None and route not in only):
            continue
        if client.get(path).status_code != 200:  # warms the caches; what is not 200 is not a list to count
            continue
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        counts[route] = len(queries.captured_queries) if status == 200 else -status
    return counts


def _children_of_the_first_copy(residence_a, in_schema, ids: dict) -> None:
    """More rows inside the objects of id 800001 that the detail pages list, tied to the other copies."""
    from core.activities.models import Activity
    from core.budget.factories import BudgetEntryFactory, BudgetLineFactory, DecisionFactory, EnvelopeFactory
    from core.budget.models import BudgetLine, BudgetYear, Decision
    from core.dropins.factories import DropInVisitFactory
    from core.evaluation.factories import SurveyResponseFactory
    from core.evaluation.models import SurveyWave
    from core.funding.models import Application, CallForProjects, FundingLine, ReportDue
    from core.messaging.factories import DeliveryFactory
    from core.messaging.models import Message
    from core.partners.models import Interaction, Partner
    from core.people.models import Resident
    from core.projects.models import ProjectTarget, ProjectTask, ResidentProject
    from core.spaces.factories import BookingFactory
    from core.spaces.models import Space
    from core.voice.factories import BodyDecisionFactory, MandateFactory, MeetingFactory
    from core.voice.models import BallotChannel, Consultation, GovernanceBody
    from core.voice.services import ballot_cast

    from django.utils import timezone

    first = 800_001
    with in_schema(residence_a):
        activity = Activity.objects.get(pk=first)
        year = BudgetYear.objects.get(pk=first)
        line = BudgetLine.objects.get(pk=first)
        decision = Decision.objects.get(pk=first)
        partner = Partner.objects.get(pk=first)
        project = ResidentProject.objects.get(pk=first)
        call = CallForProjects.objects.get(pk=first)
        body = GovernanceBody.objects.get(pk=first)
        consultation = Consultation.objects.get(pk=first)
        for n, base in enumerate(MORE, start=2):
            resident = Resident.objects.get(pk=base)
            activity.attendances.create(resident=resident)
            activity.registrations.create(resident=resident)
            EnvelopeFactory(year=year, amount=100 * n)
            other_line = BudgetLineFactory(year=year)
            other_decision = DecisionFactory(year=year)
            BudgetEntryFactory(line=line, decision=decision, receipt_id=first)
            BudgetEntryFactory(line=other_line, decision=other_decision)
            partner.contacts.create(name=f"Contact {n} de A")
            Interaction.objects.create(partner=partner, next_step=f"Rappeler {n}")
            ProjectTask.objects.create(project=project, title=f"Tâche {n} de A")
            ReportDue.objects.create(application_id=first, due_on=dt.date(2026, n, 1), label=f"Bilan {n}")
            ProjectTarget.objects.create(project=project, label=f"sorties {n}", target=n)
            FundingLine.objects.create(project=project, source="landlord", planned=10 * n)
            Application.objects.create(call=call, project_id=base,
                                       title=f"Dossier {n} de A", amount_requested=100 * n)
            DeliveryFactory(message=Message.objects.get(pk=first), resident=resident)
            # The resident of id 800001's own page, journal and export: what they took part in.
            Activity.objects.get(pk=base).attendances.create(resident_id=first)
            DeliveryFactory(message=Message.objects.get(pk=base), resident_id=first)
            SurveyResponseFactory(wave=SurveyWave.objects.get(pk=first), resident=resident)
            # Past the first booking's ±30 days (core/spaces/factories.py): two bookings of a room never overlap.
            BookingFactory(space=Space.objects.get(pk=first), starts_at=timezone.now() + dt.timedelta(days=30 + n))
            DropInVisitFactory(resident=resident, topic="need")
            ballot_cast(consultation=consultation, resident=resident, option_ids=[consultation.options.first().pk],
                        channel=BallotChannel.PAPER)
            MandateFactory(body=body, resident=resident)
            MeetingFactory(body=body)
            BodyDecisionFactory(body=body)
    _public_children(residence_a)


def _public_children(residence_a) -> None:
    """The bare domain's detail pages of id 800001: applications of the landlords' call, versions of the
    network's resource, registrations to its event, targets and instalments of its laureate."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from network.calls.models import Agreement, Application, Call, Instalment, Payment, Target
    from network.practice.models import NetworkEvent, NetworkResource, ResourceVersion

    call = Call.objects.get(pk=800_001)
    resource = NetworkResource.objects.get(pk=800_001)
    event = NetworkEvent.objects.get(pk=800_001)
    laureate = Agreement.objects.get(pk=800_001)
    for n in (2, 3):
        Target.objects.create(application=laureate.application, indicator=f"Indicateur {n}", value=n, unit="ateliers",
                              per="year")
        instalment = Instalment.objects.create(agreement=laureate, milestone=f"Jalon {n}", amount=1000,
                                               due_on=timezone.localdate() + dt.timedelta(days=30 * n))
        Payment.objects.create(instalment=instalment, amount=500, paid_on=timezone.localdate())
        application = Application.objects.create(
            call=call, status="submitted", org_name=f"Association {n}", org_id=f"W75123456{n}",
            contact_email=f"contact{n}@asso-a.test", title=f"Projet {n}", summary="Résumé", duration_months=12,
            submitted_at=timezone.now() - dt.timedelta(hours=n))
        application.residences.add(residence_a)
        version = ResourceVersion(resource=resource, number=n, file_type="pdf", original_name=f"guide-{n}.pdf",
                                  size=9)
        version.file.save(f"guide-{n}.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
        event.registrations.create(email=f"inscrit{n}@asso.test", name=f"Inscrit·e {n}", kind="partner",
                                   residence=residence_a)


def _published_sheets(residence_a, count: int) -> None:
    """The network's catalogue, its experiments and the landlords' view list published sheets only (the seed's
    sheet is under review): one before the first walk, two more after."""
    from django.utils import timezone

    from network.practice.models import PracticeSheet

    for n in range(count):
        PracticeSheet.objects.create(residence=residence_a, source_kind="activity", source_id=n + 1, size_band="medium",
                                     title=f"Fiche publiée {n}", how="Ainsi", status="published", for_landlords=True,
                                     is_experiment=True, published_at=timezone.now(), submitted_at=timezone.now())


def _safety_records(residence_a, in_schema, numbers) -> None:
    """Records of safety check 800001, versions of room 800001's rules and partners' acknowledgements of them
    (none in the seed: one before the first walk, two more after)."""
    from core.safety.factories import SpaceRulesFactory
    from core.safety.models import CheckRecord, SafetyCheck, SpaceRules
    from core.spaces.models import Space

    with in_schema(residence_a):
        check = SafetyCheck.objects.get(pk=800_001)
        for n in numbers:
            CheckRecord.objects.create(check_item=check, due_on=dt.date(2026, n, 1), done_on=dt.date(2026, n, 2),
                                       checked_by=f"Contrôleur {n}", outcome="ok")
            rules = (SpaceRules.objects.get(pk=800_001) if n == 1
                     else SpaceRulesFactory(space=Space.objects.get(pk=800_001), version=n))
            rules.acknowledgements.create(partner_id=800_001, acknowledged_by=f"Partenaire {n}")


def _answers_to_the_open_questionnaire(residence_a, in_schema, resident_ids) -> None:
    """Questionnaire 800001 (open) gets two questions before the first walk, and the answers of `resident_ids`:
    its answers, results and PDF list them."""
    from core.people.models import Resident
    from core.voice.models import AnswerSource, QuestionKind, Questionnaire
    from core.voice.services import question_add, section_add, submission_record

    with in_schema(residence_a):
        questionnaire = Questionnaire.objects.get(pk=800_001)
        if not questionnaire.versions.filter(sections__isnull=False).exists():
            section = section_add(questionnaire=questionnaire, title="Votre quotidien")
            question_add(section=section, text="Vous sentez-vous bien ici ?", kind=QuestionKind.SINGLE,
                         options=[("Oui", None), ("Non", None)])
            question_add(section=section, text="Une idée ?", kind=QuestionKind.SHORT_TEXT)
        questions = list(questionnaire.versions.get().sections.get().questions.order_by("id"))
        for resident_id in resident_ids:
            submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER,
                              resident=Resident.objects.get(pk=resident_id),
                              answers={questions[0].pk: str(questions[0].options.first().pk),
                                       questions[1].pk: f"Idée de {resident_id}"})


def _another_residence_of(landlord) -> None:
    """The head office's and the landlord's lists of residences: a second residence of L1 (its schema goes
    with the test's transaction)."""
    from tenants.services import residence_create

    residence_create(name="Les Acacias", slug="acacias-comptage", landlord=landlord, address="2 rue de la Paix",
                     postcode="93200", city="Saint-Denis", department="93", dwellings=50)


@pytest.fixture
def seeded_factories():
    """The factories' random dates and topics, the same every run; the other tests' randomness is given back."""
    state = factory.random.get_random_state()
    factory.random.reseed_random("query counts")
    yield
    factory.random.set_random_state(state)


def test_every_list_is_constant_in_queries_whatever_the_rows(
    residence_a, residence_b, coordinator_a, head_office, viewer_l1, in_schema, seeded_factories,
):
    ids = residence_a_objects(residence_a, in_schema)
    _published_sheets(residence_a, 1)
    _answers_to_the_open_questionnaire(residence_a, in_schema, [800_001])
    _safety_records(residence_a, in_schema, [1])
    public_ids = {**ids, "pk": residence_a.pk, "residence_id": residence_a.pk,
                  "landlord_id": residence_a.landlord_id, **landlord_call_objects(residence_a)}
    personas = {
        "coordinator of A on A": (client_on(residence_a, coordinator_a), "apes_platform.urls_tenant", ids),
        "head office": (client_on(None, head_office), "apes_platform.urls_public", public_ids),
        "landlord viewer L1": (client_on(None, viewer_l1), "apes_platform.urls_public", public_ids),
    }
    few = {who: _counts(client, urlconf, values) for who, (client, urlconf, values) in personas.items()}
    assert len(few["coordinator of A on A"]) > 50 and len(few["head office"]) > 10, few

    for base in MORE:
        residence_a_objects(residence_a, in_schema, base=base)
        landlord_call_objects(residence_a, base=base)
    _children_of_the_first_copy(residence_a, in_schema, ids)
    _published_sheets(residence_a, 2)
    _answers_to_the_open_questionnaire(residence_a, in_schema, MORE)
    _safety_records(residence_a, in_schema, [2, 3])
    _another_residence_of(residence_a.landlord)
    many = {who: _counts(client, urlconf, values, only=set(few[who]))
            for who, (client, urlconf, values) in personas.items()}

    moved = [f"{who} {route}: {count} → {many[who].get(route)}"
             for who, counts in few.items() for route, count in counts.items()
             if many[who].get(route) != count + PER_RESIDENCE.get(route, (0, ""))[0]]  # one more residence
    assert not moved, ("SQL statements per route, 1 → 3 rows of every kind and one more residence "
                       "(negative: the HTTP status):\n" + "\n".join(moved))
