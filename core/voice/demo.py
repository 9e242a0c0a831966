"""Demo data of residents' voice for one residence: a diagnosis questionnaire answered online, on paper
and in interviews; needs tied to activities and to drop-in visits; skills offered and wished, exchanges;
a secret budget vote with its decision, an open consultation; a residents' committee with mandates,
meetings and decisions at every stage. Deterministic for a given rng; called by tenants/demo.py inside
the residence's schema, after residents, activities and drop-ins exist."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from core.activities.models import Activity
from core.dropins.models import DropInVisit, Topic
from core.people.models import Resident
from core.voice import services
from core.voice.models import (
    AnswerSource,
    BallotChannel,
    BodyDocumentRole,
    BodyKind,
    DecisionStatus,
    InterviewKind,
    InterviewTopic,
    MandateRole,
    QuestionKind,
    SkillCategory,
    SkillDirection,
    VoteMethod,
)

NEEDS = ["cours de français", "aide numérique", "garde d'enfants", "aide aux démarches", "sorties culturelles",
         "activité physique douce"]
# Need → words of activity titles that answer it.
NEED_ACTIVITIES = {"aide numérique": ("numérique", "informatique"), "activité physique douce": ("gym", "marche"),
                   "sorties culturelles": ("sortie",), "cours de français": ("français", "conversation")}
SKILLS = [(SkillCategory.COOKING, "couscous"), (SkillCategory.SEWING, ""), (SkillCategory.REPAIRS, "vélo"),
          (SkillCategory.LANGUAGES, "arabe"), (SkillCategory.DIGITAL, "smartphone"), (SkillCategory.GARDENING, ""),
          (SkillCategory.MUSIC, "guitare"), (SkillCategory.PAPERWORK, "CAF")]


def demo_populate(*, rng: random.Random, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    residents = list(Resident.objects.order_by("id"))
    if len(residents) < 12:
        return
    needs = {label: services.need_create(label=label) for label in NEEDS}
    for label, words in NEED_ACTIVITIES.items():
        for activity in Activity.objects.filter(starts_at__date__lte=today).order_by("starts_at")[:400]:
            if any(w in activity.title.lower() for w in words):
                services.need_link_activity(need=needs[label], activity=activity)
    # Residents' projects (when the projects demo ran) answer the needs their own « besoin » names.
    from core.projects.selectors import project_list

    for project in project_list().prefetch_related(None)[:200]:
        text = f"{project.title} {project.need}".lower()
        for label, words in NEED_ACTIVITIES.items():
            if label in text or any(w in text for w in words):
                services.need_link_project(need=needs[label], project=project)

    # The diagnosis: opened two months ago, closing in a fortnight.
    questionnaire = services.questionnaire_create(
        title="Diagnostic des besoins et envies", opens_on=today - dt.timedelta(days=60),
        closes_on=today + dt.timedelta(days=14),
        description="Quelques minutes pour dire ce qui vous manque et ce que vous aimeriez partager.")
    life = services.section_add(questionnaire=questionnaire, title="Votre vie dans la résidence")
    wants = services.section_add(questionnaire=questionnaire, title="Vos besoins et vos envies")
    at_home = services.question_add(section=life, text="Vous sentez-vous bien dans la résidence ?",
                                    kind=QuestionKind.SINGLE, required=True,
                                    options=[("Oui, tout à fait", None), ("Plutôt oui", None), ("Plutôt non", None),
                                             ("Pas du tout", None)])
    room = services.question_add(section=life, text="Quelle note donnez-vous à la salle commune ?",
                                 kind=QuestionKind.SCALE, scale_min=1, scale_max=5)
    years = services.question_add(section=life, text="Depuis combien d'années habitez-vous ici ?",
                                  kind=QuestionKind.NUMBER)
    need_q = services.question_add(section=wants, text="De quoi auriez-vous besoin ?", kind=QuestionKind.MULTIPLE,
                                   options=[(label.capitalize(), needs[label]) for label in NEEDS] + [("Rien", None)])
    idea = services.question_add(section=wants, text="Une idée d'animation ?", kind=QuestionKind.SHORT_TEXT)
    ideas = ["Un repas partagé", "Un atelier vélo", "Un ciné-club", "Des jeux pour les enfants", ""]
    need_options = list(need_q.options.all())
    for i, person in enumerate(rng.sample(residents, k=min(len(residents), 34))):
        chosen = rng.sample(need_options[:-1], k=rng.choice([0, 1, 1, 2, 3])) or [need_options[-1]]
        source = [AnswerSource.PORTAL, AnswerSource.PAPER, AnswerSource.PAPER, AnswerSource.INTERVIEW][i % 4]
        services.submission_record(
            questionnaire=questionnaire, resident=person, source=source, entered_by="" if source == "portal" else
            "Coordination", answered_on=today - dt.timedelta(days=rng.randint(1, 55)),
            answers={at_home.pk: rng.choice(list(at_home.options.all())).pk, room.pk: str(rng.randint(2, 5)),
                     years.pk: str(rng.randint(0, 25)), need_q.pk: [o.pk for o in chosen], idea.pk: rng.choice(ideas)})
    for _ in range(4):  # anonymous paper forms from the letter box
        services.submission_record(questionnaire=questionnaire, source=AnswerSource.PAPER, entered_by="Coordination",
                                   answered_on=today - dt.timedelta(days=rng.randint(1, 30)),
                                   answers={at_home.pk: at_home.options.first().pk,
                                            need_q.pk: [rng.choice(need_options[:-1]).pk]})

    for person in rng.sample(residents, k=5):
        services.interview_record(
            resident=person, held_on=today - dt.timedelta(days=rng.randint(3, 80)), kind=rng.choice(
                [InterviewKind.FORMAL, InterviewKind.INFORMAL]), conducted_by="Coordination",
            notes=[(InterviewTopic.NEEDS, "Aimerait de l'aide pour les démarches en ligne",
                    [needs["aide numérique"], needs["aide aux démarches"]]),
                   (InterviewTopic.ACTIVITIES, "Propose une sortie au musée", [needs["sorties culturelles"]])])
    for visit in DropInVisit.objects.filter(topic=Topic.NEED).order_by("id")[:15]:
        services.dropin_need_tag(visit=visit, need=needs[rng.choice(NEEDS)])

    # Skills and exchanges.
    for person in rng.sample(residents, k=min(len(residents), 24)):
        category, tag = rng.choice(SKILLS)
        direction = SkillDirection.OFFER if person.age_band in ("60-74", "75+") or rng.random() < 0.4 \
            else SkillDirection.WISH
        services.skill_entry_add(resident=person, direction=direction, category=category, tag=tag,
                                 availability=rng.choice(["mardi après-midi", "samedi matin", "en soirée", ""]))
    for _ in range(14):
        giver, learner = rng.sample(residents, k=2)
        category, tag = rng.choice(SKILLS)
        services.skill_exchange_record(giver=giver, learner=learner, category=category, tag=tag,
                                       happened_on=today - dt.timedelta(days=rng.randint(1, 300)),
                                       hours=Decimal(rng.choice(["1", "1.5", "2", "3"])))

    # A secret budget vote, closed and decided; an open consultation.
    now = timezone.now()
    budget = services.consultation_create(
        question="Budget d'animation : quelle sortie d'été financer ?", method=VoteMethod.SINGLE, secret=True,
        is_budget=True, opens_at=now - dt.timedelta(days=40), closes_at=now - dt.timedelta(days=26),
        options=["Journée à la mer", "Parc d'attractions", "Pique-nique et guinguette"])
    options = list(budget.options.all())
    for i, person in enumerate(rng.sample(residents, k=min(len(residents), 28))):
        services.ballot_cast(consultation=budget, resident=person, option_ids=[rng.choice(options).pk],
                             channel=BallotChannel.PAPER if i % 3 == 0 else BallotChannel.ONLINE,
                             now=now - dt.timedelta(days=rng.randint(27, 39)))
    # The decision goes into the budget: it needs an open budget year for its date (the budget's demo
    # opens the current one; alone, this demo opens it through the budget's service).
    from core.budget import selectors as budget_selectors
    from core.budget import services as budget_services

    decided_on = max((now - dt.timedelta(days=25)).date(), dt.date(timezone.localdate().year, 1, 1))
    if budget_selectors.year_for_date(decided_on) is None:
        budget_services.budget_year_create(year=decided_on.year)
    services.consultation_decide(consultation=budget, text="Journée à la mer en juillet, en car.",
                                 decided_on=decided_on, amount=Decimal("850.00"),
                                 purpose="Location du car et pique-nique", recorded_by="Coordination",
                                 now=now - dt.timedelta(days=25))
    workshops = services.consultation_create(
        question="Quels ateliers pour l'automne ? (3 choix au plus)", method=VoteMethod.MULTIPLE, max_choices=3,
        opens_at=now - dt.timedelta(days=3), closes_at=now + dt.timedelta(days=11),
        options=["Cuisine du monde", "Réparation de vélos", "Numérique", "Couture", "Jardinage", "Chorale"])
    workshop_options = list(workshops.options.all())
    for person in rng.sample(residents, k=9):
        services.ballot_cast(consultation=workshops, resident=person, channel=BallotChannel.ONLINE,
                             option_ids=[o.pk for o in rng.sample(workshop_options, k=rng.randint(1, 3))])

    # The residents' committee.
    committee = services.body_create(name="Comité de résidents", kind=BodyKind.RESIDENTS_COMMITTEE,
                                     description="Porte la parole des habitant·es auprès du bailleur et de L'apes.")
    members = rng.sample(residents, k=8)
    start = today - dt.timedelta(days=300)
    for person, role in zip(members, [MandateRole.PRESIDENT, MandateRole.SECRETARY, MandateRole.TREASURER]
                            + [MandateRole.MEMBER] * 5):
        services.mandate_add(body=committee, resident=person, role=role, starts_on=start)
    for months_ago, minutes in ((5, "Bilan de la fête des voisins ; projet de jardin partagé."),
                                (2, "Préparation du vote sur la sortie d'été."), (0, "")):
        held = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30 * months_ago + 3), dt.time(18)))
        meeting = services.meeting_record(body=committee, held_at=held, place="Salle commune",
                                          agenda="1. Point animations\n2. Budget\n3. Questions diverses",
                                          minutes=minutes, attendees=rng.sample(members, k=6))
        decided = held.date()
        decision = services.body_decision_add(body=committee, meeting=meeting, title=rng.choice([
            "Installer des bacs de jardinage", "Écrire au bailleur pour l'éclairage du hall",
            "Organiser un repas partagé", "Créer une boîte à livres"]), decided_on=decided,
            owner=members[0].display_name, due_on=decided + dt.timedelta(days=45))
        if months_ago == 5:
            services.body_decision_follow(decision=decision, status=DecisionStatus.DONE,
                                          done_on=decided + dt.timedelta(days=30))
        elif months_ago == 2:
            services.body_decision_follow(decision=decision, status=DecisionStatus.IN_PROGRESS)
    _body_document(committee, "Statuts du comité de résidents", BodyDocumentRole.STATUTES)
    _body_document(committee, "Compte rendu de la réunion", BodyDocumentRole.MINUTES,
                   meeting=committee.meetings.order_by("held_at").first())
    services.body_create(name="Groupe de travail jardin", kind=BodyKind.WORKING_GROUP)


def _body_document(body, title: str, role: str, meeting=None) -> None:
    """A small PDF stored like an upload (core.documents' per-residence folder; demo has no account to
    pass to `document_store`), attached to the body."""
    import hashlib

    from django.core.files.base import ContentFile

    from core.documents.detection import PDF
    from core.documents.factories import PDF_BYTES
    from core.documents.models import Document, DocumentKind
    from core.voice.models import BodyDocument

    kind = DocumentKind.STATUTES if role == BodyDocumentRole.STATUTES else DocumentKind.REPORT
    document = Document(title=title, kind=kind, original_name=f"{title}.pdf", content_type=PDF.content_type,
                        extension=PDF.extension, size=len(PDF_BYTES), sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
                        uploaded_by="Coordination")
    document.file.save(f"{title}.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    BodyDocument.objects.create(body=body, meeting=meeting, document=document, role=role)
