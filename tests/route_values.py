"""One place for "an object of every kind in residence A, and the value of every route parameter".

Used by the isolation matrix (tests/test_isolation_matrix.py, its `foreign` fixture) and by the page
suite (tests/browser/test_pages.py). A new route with URL parameters: create its object here and add
its parameter to the dict `residence_a_objects` returns.
"""
from core.activities.factories import ActivityFactory, ActivitySeriesFactory
from core.documents.factories import DocumentFactory
from core.budget.factories import (BudgetEntryFactory, BudgetLineFactory, BudgetYearFactory, DecisionFactory,
                                   EnvelopeFactory)
from core.dropins.factories import DropInSlotFactory, DropInVisitFactory, FollowUpFactory
from core.partners.factories import PartnerFactory
from core.partners.models import Interaction, NetworkMeeting
from core.funding.models import Application, CallForProjects, FundingLine, ReportDue
from core.projects.models import ProjectTarget, ProjectTask, ResidentProject
from core.people.factories import ResidentFactory
from core.evaluation.factories import NarrativeSectionFactory, SurveyResponseFactory, SurveyWaveFactory
from core.privacy.factories import ConsentFactory
from core.safety.factories import IncidentFactory, SafetyCheckFactory, SpaceRulesFactory
from core.spaces.factories import BookingFactory, DeskSignInFactory, SpaceFactory
from core.messaging.factories import DeliveryFactory, MessageFactory, MessageTemplateFactory
from core.messaging.models import OptOut
from core.portal.services import activity_ref
from core.replications.models import ActivityTemplate
from reporting.reports.models import ReportJob
from core.voice.factories import (
    BodyDecisionFactory,
    ConsultationFactory,
    GovernanceBodyFactory,
    InterviewFactory,
    MandateFactory,
    MeetingFactory,
    NeedFactory,
    QuestionnaireFactory,
    SkillEntryFactory,
    SkillExchangeFactory,
)
from tests.conftest import aware


def residence_a_objects(residence_a, in_schema, base: int = 800_001) -> dict:
    """One object of every kind in residence A (ids 800001, which do not exist in B), and the value of
    every route parameter of both URL confs for them. Another `base` (800_002, 800_003…) makes another copy
    of every row (tests/test_query_counts.py): its unique fields (tokens, labels, the budget year) follow it."""
    suffix = "" if base == 800_001 else f"-{base}"
    with in_schema(residence_a):
        resident = ResidentFactory(id=base)
        activity = ActivityFactory(id=base)
        activity.attendances.create(resident=resident)
        consent = ConsentFactory(id=base, resident=resident)
        series = ActivitySeriesFactory(id=base)
        # A's check-in token, for a session long past: anonymous visitors get "check-in closed" (403).
        ActivityFactory(series=series, check_in_token=f"check-in-token-of-residence-a{suffix}",
                        starts_at=aware(2025, 1, 6))
        wave = SurveyWaveFactory(id=base)
        SurveyResponseFactory(id=base, wave=wave, resident=resident)
        section = NarrativeSectionFactory(id=base, kind=("highlights", "difficulties", "outlook")[base - 800_001])
        slot = DropInSlotFactory(id=base)
        follow_up = FollowUpFactory(id=base, visit=DropInVisitFactory(id=base, resident=resident, topic="need"))
        space = SpaceFactory(id=base)
        booking = BookingFactory(id=base, space=space)
        sign_in = DeskSignInFactory(id=base)
        partner = PartnerFactory(id=base)
        SpaceRulesFactory(id=base, space=space)
        check = SafetyCheckFactory(id=base)
        incident = IncidentFactory(id=base)
        document = DocumentFactory(id=base)
        contact = partner.contacts.create(id=base, name="Contact de A")
        meeting = NetworkMeeting.objects.create(id=base, title="Réunion de A", date=aware(2025, 3, 3).date())
        interaction = Interaction.objects.create(id=base, partner=partner, next_step="Rappeler", meeting=meeting)
        call = CallForProjects.objects.create(id=base, title="Appel de A", funder_name="Fondation de A")
        project = ResidentProject.objects.create(id=base, title="Projet de A", carrier_group="Collectif de A")
        application = Application.objects.create(id=base, call=call, project=project, title="Dossier de A",
                                                 amount_requested=100)
        report = ReportDue.objects.create(id=base, application=application, due_on=aware(2026, 1, 1).date())
        task = ProjectTask.objects.create(id=base, project=project, title="Tâche de A")
        target = ProjectTarget.objects.create(id=base, project=project, label="ateliers", target=3)
        line = FundingLine.objects.create(id=base, project=project, source="own", planned=10)
        budget_year = BudgetYearFactory(id=base, year=2026 + base - 800_001)
        envelope = EnvelopeFactory(id=base, year=budget_year)
        budget_line = BudgetLineFactory(id=base, year=budget_year)
        decision = DecisionFactory(id=base, year=budget_year)
        budget_entry = BudgetEntryFactory(id=base, line=budget_line, decision=decision, receipt=document)
        voice = _voice_objects(resident, base)
        message = MessageFactory(id=base, status="sending")
        template = MessageTemplateFactory(id=base)
        delivery = DeliveryFactory(id=base, message=message, resident=resident)
        opt_out = OptOut.objects.create(id=base, resident=resident, channel="email", source="bounce")
        activity_template = ActivityTemplate.objects.create(id=base, title="Modèle de A", kind="workshop",
                                                            audience="all")
    network = _network_objects(residence_a, base)
    job = ReportJob.objects.create(id=base, kind=ReportJob.Kind.RESIDENCE, residence=residence_a, year=2025,
                                   status=ReportJob.Status.DONE, pdf=b"%PDF-1.7", filename="a.pdf")
    return {"pk": activity.pk, "activity_id": activity.pk, "resident_id": resident.pk, "series_id": series.pk,
            "token": f"check-in-token-of-residence-a{suffix}", "consent_id": consent.pk, "kind": "habitants",
            "fmt": "csv",
            "section_id": section.pk, "job_id": job.pk, "slot_id": slot.pk, "follow_up_id": follow_up.pk,
            "space_id": space.pk, "booking_id": booking.pk, "sign_in_id": sign_in.pk, "partner_id": partner.pk,
            "check_id": check.pk, "incident_id": incident.pk,
            "document_id": document.pk, "duplicate_id": partner.pk, "contact_id": contact.pk,
            "meeting_id": meeting.pk, "interaction_id": interaction.pk, "call_id": call.pk,
            "application_id": application.pk, "report_id": report.pk, "project_id": project.pk, "task_id": task.pk,
            "target_id": target.pk, "line_id": line.pk,
            "year_id": budget_year.pk, "envelope_id": envelope.pk,
            "entry_id": budget_entry.pk, "decision_id": decision.pk,
            "message_id": message.pk, "template_id": template.pk, "delivery_id": delivery.pk,
            "opt_out_id": opt_out.pk,
            "unsubscribe_token": "not-a-token", "opt_out_code": "not-a-code", "ref": activity_ref(activity.pk),
            "activity_template_id": activity_template.pk, **network,
            **voice}  # 800001 ids are shared by several apps' routes (line_id, entry_id, decision_id…)


def _network_objects(residence_a, base: int = 800_001) -> dict:
    """The network of practice (public tables): A's sheet, submitted but not published (so only the head office
    reads it, and no other residence may copy it), a resource with a version, an event."""
    from django.core.files.base import ContentFile

    from network.practice.models import NetworkEvent, NetworkResource, PracticeSheet, ResourceVersion

    sheet = PracticeSheet.objects.create(id=base, residence=residence_a, source_kind="project", source_id=base,
                                         title="Fiche de A", size_band="medium", status="submitted", how="Comme ça")
    resource = NetworkResource.objects.create(id=base, title="Guide du réseau")
    version = ResourceVersion(id=base, resource=resource, number=1, file_type="pdf", original_name="guide.pdf",
                              size=9)
    version.file.save("guide.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    event = NetworkEvent.objects.create(id=base, title="Atelier du réseau", starts_at=aware(2026, 5, 4),
                                        ends_at=aware(2026, 5, 4, 17), place="Siège de L'apes")
    return {"sheet_id": sheet.pk, "resource_id": resource.pk, "version_id": version.pk, "event_id": event.pk}


def _voice_objects(resident, base: int = 800_001) -> dict:
    """Residents' voice rows of A (core.voice). The portal's routes take the questionnaire's and the
    consultation's random key, not their id."""
    import datetime as dt

    from django.utils import timezone

    from core.voice.models import (Answer, AnswerSource, BodyDocument, BodyDocumentRole, Question, QuestionKind,
                                   Submission)
    from core.voice.services import section_add

    suffix = "" if base == 800_001 else f"-{base}"
    need = NeedFactory(id=base, label=f"Besoin de A{suffix}")
    questionnaire = QuestionnaireFactory(id=base)
    # The question and answer of id 800001 belong to a closed questionnaire: A's resident, answering the open
    # one in A's portal, must not meet the marker in field names.
    closed = QuestionnaireFactory(opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 2, 1))
    section = section_add(questionnaire=closed, title="Partie de A")
    question = Question.objects.create(id=base, section=section, text="Question de A", kind=QuestionKind.SHORT_TEXT)
    submission = Submission.objects.create(id=base, questionnaire=closed, version=section.version,
                                           resident=resident, source=AnswerSource.PAPER, answered_on=dt.date(2025, 1, 10))
    Answer.objects.create(submission=submission, question=question, text="Réponse de A")
    now = timezone.now()
    consultation = ConsultationFactory(id=base, opens_at=now - dt.timedelta(days=20),
                                       closes_at=now + dt.timedelta(days=10))
    body = GovernanceBodyFactory(id=base)
    MandateFactory(id=base, body=body, resident=resident)
    MeetingFactory(id=base, body=body)
    BodyDecisionFactory(id=base, body=body)
    # Its own file (document 800001 is a budget receipt, protected there): the matrix may delete it.
    BodyDocument.objects.create(id=base, body=body, role=BodyDocumentRole.STATUTES,
                                document=DocumentFactory(title="Statuts de A"))
    InterviewFactory(id=base, resident=resident)
    SkillEntryFactory(id=base, resident=resident)
    SkillExchangeFactory(id=base, giver=resident)
    return {"need_id": need.pk, "visit_id": base, "questionnaire_id": questionnaire.pk, "question_id": question.pk,
            "submission_id": submission.pk, "interview_id": base, "entry_id": base,
            "consultation_id": consultation.pk, "questionnaire_key": questionnaire.key,
            "consultation_key": consultation.key, "body_id": body.pk, "mandate_id": base, "meeting_id": base,
            "decision_id": base, "body_document_id": base}


def landlord_call_objects(residence_a, base: int = 800_001) -> dict:
    """Bare domain (public schema): a landlords' call funded by L1 alone for residence A, with a submitted
    application (laureate, a paid instalment, a year-one report, an attachment) and its applicant's link. L2's
    viewer must get 404 for each; `access_token` opens this one application only."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from core.portal.services import token_hash
    from network.calls.models import (AccessLink, Agreement, Application, Attachment, Call, CallFunder, Instalment,
                                      Payment, ResultReport, Target)

    call = Call.objects.create(id=base, title="Appel de Seqens pour A", envelope=10_000,
                               opens_on=timezone.localdate() - dt.timedelta(days=3),
                               deadline=timezone.now() + dt.timedelta(days=10))
    CallFunder.objects.create(call=call, landlord=residence_a.landlord, share=100)
    call.residences.add(residence_a)
    application = Application.objects.create(
        id=base, call=call, status="laureate", org_name=f"Association de {residence_a.name}", org_id="W751234567",
        contact_email="contact@asso-a.test", title=f"Projet pour {residence_a.name}", summary="Résumé",
        duration_months=12, submitted_at=timezone.now())
    application.residences.add(residence_a)
    Target.objects.create(application=application, indicator="Formé·es", value=8, unit="locataires", per="year")
    agreement = Agreement.objects.create(id=base, application=application, amount=5000)
    instalment = Instalment.objects.create(agreement=agreement, milestone="Signature", amount=2000,
                                           due_on=timezone.localdate())
    Payment.objects.create(instalment=instalment, amount=2000, paid_on=timezone.localdate())
    report = ResultReport.objects.create(id=base, agreement=agreement, year=1, narrative="Année 1")
    attachment = Attachment(id=base, application=application, kind="statutes", original_name="statuts.pdf",
                            content_type="application/pdf", extension=".pdf", size=9)
    attachment.file.save("statuts.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    token = "applicant-token-of-residence-a" + ("" if base == 800_001 else f"-{base}")
    AccessLink.objects.create(application=application, token_hash=token_hash(token),
                              expires_at=timezone.now() + dt.timedelta(days=5))
    AccessLink.objects.create(application=application, purpose="report", token_hash=token_hash(token + "-report"),
                              expires_at=timezone.now() + dt.timedelta(days=5))
    return {"landlord_call_id": call.pk, "call_application_id": application.pk, "laureate_id": agreement.pk,
            "result_report_id": report.pk, "attachment_id": attachment.pk, "access_token": token}
