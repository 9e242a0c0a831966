"""Reads of residents' voice, on the current residence schema only (an id of another residence never
resolves: 404). Lists select what their rows show, so they cost the same number of queries whatever
the number of rows."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.people.models import AgeBand, Resident
from core.people.selectors import current_residents
from core.voice.models import (
    CHOICE_KINDS,
    Answer,
    BodyDecision,
    BodyDocument,
    Consultation,
    ConsultationDecision,
    ConsultationOption,
    DecisionStatus,
    GovernanceBody,
    Interview,
    InterviewNote,
    Mandate,
    Meeting,
    MentionSource,
    Need,
    NeedMention,
    OpenBallotChoice,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    QuestionOption,
    QuestionSection,
    SkillDirection,
    SkillEntry,
    SkillExchange,
    Submission,
    VoterRegisterEntry,
)


# --- The small-count rule for what leaves the residence ---------------------------------------

def small_count_hidden(count: int) -> bool:
    """The project's rule (settings.SMALL_COUNT_THRESHOLD, as reporting applies it): a count of people
    below the threshold never leaves the residence."""
    return count < settings.SMALL_COUNT_THRESHOLD


def shown_count(count: int) -> str:
    """A count as it appears in anything that leaves the residence: « < 11 » below the threshold."""
    from reporting.selectors import format_value, small_count_mark

    return small_count_mark() if small_count_hidden(count) else format_value(Decimal(count), 0)


# --- Needs ------------------------------------------------------------------------------------

def need_catalogue(*, search: str = "", active_only: bool = False, with_action: str = "") -> QuerySet[Need]:
    """Needs with `expressed` = distinct residents who expressed them + anonymous mentions, and how
    many activities answer each. Two aggregates in one query."""
    qs = Need.objects.annotate(
        named=Count("mentions__resident", distinct=True),
        anonymous=Count("mentions", filter=Q(mentions__resident__isnull=True), distinct=True),
        activity_count=Count("activities", distinct=True),
        project_count=Count("projects", distinct=True),
    )
    if search:
        qs = qs.filter(Q(label__icontains=search) | Q(description__icontains=search))
    if active_only:
        qs = qs.filter(is_active=True)
    if with_action == "oui":
        qs = qs.filter(Q(activity_count__gt=0) | Q(project_count__gt=0))
    elif with_action == "non":
        qs = qs.filter(activity_count=0, project_count=0)
    return qs.order_by("label", "id")


def need_resident_ids(*, need: Need) -> QuerySet:
    """Ids of the residents who expressed `need` (an answer, an interview, a drop-in visit), as a values()
    subquery; anonymous mentions name nobody and add nobody."""
    return NeedMention.objects.filter(need=need, resident__isnull=False).values("resident_id")


def need_expressed(need: Need) -> int:
    return getattr(need, "named", 0) + getattr(need, "anonymous", 0)


def top_needs(*, limit: int = 10) -> list[Need]:
    needs = list(need_catalogue(active_only=True))
    needs.sort(key=lambda n: (-need_expressed(n), n.label))
    return [n for n in needs if need_expressed(n)][:limit]


def access_need_by_id(*, actor, id) -> Need:  # noqa: A002
    return access_by_id(need_catalogue(), id, actor=actor, message=_("Besoin introuvable"))


@dataclass
class NeedPage:
    need: Need
    expressed: int
    by_source: dict[str, int]
    activities: list  # Activity rows annotated with attendance counts
    projects: list  # residents' projects answering it (core.projects.selectors.project_list), with their stage
    participants: int  # residents who expressed the need and attended an activity answering it
    movement: tuple[Decimal, Decimal, int] | None  # (first, latest mean ties score, people) when ≥ threshold


def need_page(*, need: Need) -> NeedPage:
    """Who expressed the need (counts), the activities that answer it, participation in them by the
    people concerned, and the outcome questionnaire's movement for them when they are enough."""
    from core.activities.models import Attendance
    from core.evaluation.selectors import ties_score_movement

    mentions = NeedMention.objects.filter(need=need)
    residents = set(mentions.exclude(resident__isnull=True).values_list("resident_id", flat=True))
    by_source = Counter()
    for source, resident_id in mentions.values_list("source", "resident_id"):
        by_source[source] += 1
    activities = list(need.activities.annotate(attendee_count=Count("attendances", distinct=True))
                      .order_by("-starts_at", "id"))
    participants = (Attendance.objects.filter(activity__needs=need, resident_id__in=residents)
                    .values("resident_id").distinct().count()) if residents else 0
    movement = ties_score_movement(resident_ids=residents)
    if movement is not None and small_count_hidden(movement[2]):
        movement = None
    labels = dict(MentionSource.choices)
    return NeedPage(need=need, expressed=need_expressed(need), by_source={labels[k]: v for k, v in by_source.items()},
                    activities=activities, projects=need_projects(need=need), participants=participants,
                    movement=movement)


def need_projects(*, need: Need) -> list:
    """The residents' projects answering the need, read through `core.projects.selectors.project_list`
    (carriers prefetched: constant queries), newest first."""
    from core.projects.selectors import project_list

    return list(project_list().filter(voice_needs=need))


def need_dropin_visits(*, search: str = "", untagged_only: bool = False):
    """Drop-in visits with the topic « besoin exprimé », read through the drop-ins selectors, with the
    needs already attached to each."""
    from core.dropins.models import Topic
    from core.dropins.selectors import visit_list

    qs = visit_list(search=search, topic=Topic.NEED).prefetch_related(
        Prefetch("need_mentions", queryset=NeedMention.objects.select_related("need")))
    if untagged_only:
        qs = qs.filter(need_mentions__isnull=True)
    return qs


# --- Questionnaires ---------------------------------------------------------------------------

def questionnaire_list(*, search: str = "", status: str = "", today: dt.date | None = None) -> QuerySet[Questionnaire]:
    today = today or timezone.localdate()
    qs = Questionnaire.objects.annotate(submission_count=Count("submissions"))
    if search:
        qs = qs.filter(title__icontains=search)
    if status == "open":
        qs = qs.filter(opens_on__lte=today, closes_on__gte=today)
    elif status == "upcoming":
        qs = qs.filter(opens_on__gt=today)
    elif status == "closed":
        qs = qs.filter(closes_on__lt=today)
    return qs.order_by("-opens_on", "-id")


def access_questionnaire_by_id(*, actor, id) -> Questionnaire:  # noqa: A002
    return access_by_id(questionnaire_list(), id, actor=actor, message=_("Questionnaire introuvable"))


def access_questionnaire_by_key(key) -> Questionnaire:
    """The portal's lookup: by the questionnaire's random key, in the current residence only."""
    try:
        return questionnaire_list().get(key=key)
    except (Questionnaire.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Questionnaire introuvable")) from exc


def access_section_by_id(*, actor, id) -> QuestionSection:  # noqa: A002
    return access_by_id(QuestionSection.objects.select_related("version__questionnaire"), id, actor=actor, message=_("Partie introuvable"))


def access_question_by_id(*, actor, id) -> Question:  # noqa: A002
    return access_by_id(Question.objects.select_related("section__version__questionnaire"), id, actor=actor, message=_("Question introuvable"))


def current_version(*, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The latest version, with its sections, questions and options (four queries)."""
    return (QuestionnaireVersion.objects.filter(questionnaire=questionnaire).order_by("-number")
            .prefetch_related(Prefetch("sections", queryset=QuestionSection.objects.prefetch_related(
                Prefetch("questions", queryset=Question.objects.prefetch_related(
                    Prefetch("options", queryset=QuestionOption.objects.select_related("need")))))))
            .first())


def open_questionnaires(*, today: dt.date | None = None) -> QuerySet[Questionnaire]:
    return questionnaire_list(status="open", today=today)


def submission_list(*, questionnaire: Questionnaire | None = None, source: str = "", search: str = ""
                    ) -> QuerySet[Submission]:
    qs = Submission.objects.select_related("questionnaire", "version", "resident")
    if questionnaire is not None:
        qs = qs.filter(questionnaire=questionnaire)
    if source:
        qs = qs.filter(source=source)
    if search:
        qs = qs.filter(Q(resident__first_name__icontains=search) | Q(resident__pseudonym__icontains=search))
    return qs.order_by("-answered_on", "-id")


def access_submission_by_id(*, actor, id) -> Submission:  # noqa: A002
    return access_by_id(submission_list().prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question", "option"))), id, actor=actor, message=_("Réponse introuvable"))


def submission_answers(*, questionnaire: Questionnaire, source: str = "", search: str = "") -> QuerySet[Submission]:
    """The questionnaire's submissions with their answer rows (two queries whatever the number)."""
    return submission_list(questionnaire=questionnaire, source=source, search=search).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("question_id", "option_id", "id")))


def resident_has_answered(*, questionnaire: Questionnaire, resident: Resident) -> bool:
    return Submission.objects.filter(questionnaire=questionnaire, resident=resident).exists()


def interview_list(*, search: str = "", topic: str = "", kind: str = "") -> QuerySet[Interview]:
    qs = Interview.objects.select_related("resident").prefetch_related(
        Prefetch("notes", queryset=InterviewNote.objects.prefetch_related("needs")))
    if search:
        qs = qs.filter(Q(resident__first_name__icontains=search) | Q(notes__text__icontains=search)).distinct()
    if topic:
        qs = qs.filter(notes__topic=topic).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-held_on", "-id")


def access_interview_by_id(*, actor, id) -> Interview:  # noqa: A002
    return access_by_id(interview_list(), id, actor=actor, message=_("Entretien introuvable"))


# --- Findings (restitution) -------------------------------------------------------------------

AGE_BANDS = list(AgeBand)


@dataclass
class QuestionResult:
    text: str
    kind: str
    section: str
    answered: int
    rows: list[tuple[str, int]] = field(default_factory=list)  # (label, count) for choices and scales
    mean: Decimal | None = None  # numbers and scales
    texts: int = 0  # short texts: how many (their content stays in the residence)
    by_age: list[tuple[str, list[int]]] = field(default_factory=list)  # (label, counts per age band)


def questionnaire_results(*, questionnaire: Questionnaire) -> list[QuestionResult]:
    """Per question results over every version: a question is the same across versions when its text
    and type are; choices group by label. Three queries whatever the number of answers."""
    questions = list(Question.objects.filter(section__version__questionnaire=questionnaire)
                     .select_related("section").prefetch_related("options")
                     .order_by("section__version__number", "section__position", "position", "id"))
    results: dict[tuple[str, str], QuestionResult] = {}
    qkey = {}
    for q in questions:
        key = (q.text, q.kind)
        qkey[q.pk] = key
        if key not in results:
            results[key] = QuestionResult(text=q.text, kind=q.kind, section=q.section.title, answered=0)
        result = results[key]
        if q.kind in CHOICE_KINDS:
            for o in q.options.all():
                if o.label not in dict(result.rows):
                    result.rows.append((o.label, 0))
        elif q.kind == QuestionKind.SCALE and not result.rows:
            result.rows = [(str(v), 0) for v in range(q.scale_min, q.scale_max + 1)]
    counts: dict[tuple, Counter] = defaultdict(Counter)
    ages: dict[tuple, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    answered: dict[tuple, set] = defaultdict(set)
    numbers: dict[tuple, list[Decimal]] = defaultdict(list)
    texts: Counter = Counter()
    band_index = {b.value: i for i, b in enumerate(AGE_BANDS)}
    for question_id, option_label, number, text, submission_id, age_band in Answer.objects.filter(
            submission__questionnaire=questionnaire).values_list(
            "question_id", "option__label", "number", "text", "submission_id", "submission__resident__age_band"):
        key = qkey[question_id]
        answered[key].add(submission_id)
        label = option_label if option_label is not None else (
            str(int(number)) if results[key].kind == QuestionKind.SCALE and number is not None else None)
        if label is not None:
            counts[key][label] += 1
            if age_band in band_index:
                ages[key][label][age_band] += 1
        if number is not None:
            numbers[key].append(number)
        if text:
            texts[key] += 1
    out = []
    for key, result in results.items():
        result.answered = len(answered[key])
        result.rows = [(label, counts[key][label]) for label, _count in result.rows]
        result.by_age = [(label, [ages[key][label][b.value] for b in AGE_BANDS]) for label, _c in result.rows]
        if numbers[key]:
            result.mean = (sum(numbers[key]) / len(numbers[key])).quantize(Decimal("0.1"))
        result.texts = texts[key]
        out.append(result)
    return out


def respondents_by_age_band(*, questionnaire: Questionnaire) -> list[tuple[str, int]]:
    rows = dict(Submission.objects.filter(questionnaire=questionnaire, resident__isnull=False)
                .values_list("resident__age_band").annotate(n=Count("id")).values_list("resident__age_band", "n"))
    anonymous = Submission.objects.filter(questionnaire=questionnaire, resident__isnull=True).count()
    out = [(str(b.label), rows.get(b.value, 0)) for b in AGE_BANDS]
    if anonymous:
        out.append((_("non renseigné (anonyme)"), anonymous))
    return out


# --- Skills -----------------------------------------------------------------------------------

def skill_entry_list(*, search: str = "", direction: str = "", category: str = "", active_only: bool = True
                     ) -> QuerySet[SkillEntry]:
    qs = SkillEntry.objects.select_related("resident")
    if search:
        qs = qs.filter(Q(tag__icontains=search) | Q(resident__first_name__icontains=search)
                       | Q(resident__pseudonym__icontains=search))
    if direction:
        qs = qs.filter(direction=direction)
    if category:
        qs = qs.filter(category=category)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("category", "tag", "resident__first_name", "id")


def access_skill_entry_by_id(*, actor, id) -> SkillEntry:  # noqa: A002
    return access_by_id(SkillEntry.objects.select_related("resident"), id, actor=actor, message=_("Savoir-faire introuvable"))


def skills_on_offer() -> list[tuple[str, int]]:
    """Domains on offer with how many people offer them (for the findings report)."""
    from core.voice.models import SkillCategory

    labels = dict(SkillCategory.choices)
    rows = (SkillEntry.objects.filter(direction=SkillDirection.OFFER, is_active=True).values("category")
            .annotate(people=Count("resident", distinct=True)).order_by("-people", "category"))
    return [(str(labels[r["category"]]), r["people"]) for r in rows]


@dataclass(frozen=True)
class Match:
    offer: SkillEntry
    wish: SkillEntry
    intergenerational: bool

    @property
    def explanation(self) -> str:
        return _("%(giver)s propose %(skill)s, %(learner)s souhaite apprendre") % {
            "giver": self.offer.resident.display_name, "skill": self.offer.label.lower(),
            "learner": self.wish.resident.display_name}


def skill_matches(*, category: str = "", limit: int = 200) -> list[Match]:
    """Offer ↔ wish suggestions: same domain, tags compatible (equal, or one of them empty), two different
    people; intergenerational pairs first. Two queries."""
    from core.voice.services import is_intergenerational

    entries = skill_entry_list(category=category)
    offers = defaultdict(list)
    wishes = []
    for entry in entries:
        (offers[entry.category].append(entry) if entry.direction == SkillDirection.OFFER else wishes.append(entry))
    matches = []
    for wish in wishes:
        for offer in offers[wish.category]:
            if offer.resident_id == wish.resident_id:
                continue
            if offer.tag and wish.tag and offer.tag != wish.tag:
                continue
            matches.append(Match(offer=offer, wish=wish,
                                 intergenerational=is_intergenerational(offer.resident, wish.resident)))
    matches.sort(key=lambda m: (not m.intergenerational, m.offer.category, m.wish.resident.first_name, m.offer.pk))
    return matches[:limit]


def skill_exchange_list(*, search: str = "", category: str = "", intergenerational: str = "",
                        date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[SkillExchange]:
    qs = SkillExchange.objects.select_related("giver", "learner")
    if search:
        qs = qs.filter(Q(tag__icontains=search) | Q(giver__first_name__icontains=search)
                       | Q(learner__first_name__icontains=search))
    if category:
        qs = qs.filter(category=category)
    if intergenerational == "oui":
        qs = qs.filter(intergenerational=True)
    elif intergenerational == "non":
        qs = qs.filter(intergenerational=False)
    if date_from:
        qs = qs.filter(happened_on__gte=date_from)
    if date_to:
        qs = qs.filter(happened_on__lte=date_to)
    return qs.order_by("-happened_on", "-id")


def access_skill_exchange_by_id(*, actor, id) -> SkillExchange:  # noqa: A002
    return access_by_id(SkillExchange.objects.select_related("giver", "learner"), id, actor=actor, message=_("Échange introuvable"))


# --- Consultations ----------------------------------------------------------------------------

def consultation_list(*, search: str = "", status: str = "", now: dt.datetime | None = None
                      ) -> QuerySet[Consultation]:
    now = now or timezone.now()
    qs = Consultation.objects.annotate(voters=Count("register", distinct=True)).select_related("decision")
    if search:
        qs = qs.filter(question__icontains=search)
    if status == "open":
        qs = qs.filter(opens_at__lte=now, closes_at__gt=now)
    elif status == "upcoming":
        qs = qs.filter(opens_at__gt=now)
    elif status == "closed":
        qs = qs.filter(closes_at__lte=now)
    return qs.order_by("-opens_at", "-id")


def access_consultation_by_id(*, actor, id) -> Consultation:  # noqa: A002
    return access_by_id(consultation_list().prefetch_related("options"), id, actor=actor, message=_("Consultation introuvable"))


def access_consultation_by_key(key) -> Consultation:
    try:
        return consultation_list().prefetch_related("options").get(key=key)
    except (Consultation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Consultation introuvable")) from exc


def open_consultations(*, now: dt.datetime | None = None) -> QuerySet[Consultation]:
    return consultation_list(status="open", now=now).prefetch_related("options")


def consultation_voter_count(*, consultation: Consultation) -> int:
    return VoterRegisterEntry.objects.filter(consultation=consultation).count()


def resident_has_voted(*, consultation: Consultation, resident: Resident) -> bool:
    return VoterRegisterEntry.objects.filter(consultation=consultation, resident=resident).exists()


@dataclass
class ConsultationResults:
    consultation: Consultation
    tallies: list[tuple[ConsultationOption, int]]
    voters: int
    electorate: int
    by_channel: dict[str, int]
    by_age: list[tuple[str, int, str]]  # (band, voters, turnout % or « < 11 »)

    @property
    def turnout(self) -> Decimal | None:
        if not self.electorate:
            return None
        return (Decimal(100) * self.voters / self.electorate).quantize(Decimal("0.1"))


def electorate_size(*, consultation: Consultation) -> int:
    """Residents of the residence (not anonymised); households (dwellings) for one voice per household."""
    residents = current_residents()
    if consultation.one_per_household:
        return residents.filter(voice_household__isnull=False).values("voice_household__dwelling").distinct().count()
    return residents.count()


def consultation_results(*, consultation: Consultation) -> ConsultationResults:
    """Tallies (open choices + secret tallies), turnout, and turnout by age band where a band counts at least
    the small-count threshold of voters (« < 11 » otherwise)."""
    options = list(ConsultationOption.objects.filter(consultation=consultation)
                   .annotate(open_votes=Count("open_choices")).order_by("position", "id"))
    tallies = [(o, o.open_votes + o.secret_votes) for o in options]
    register = VoterRegisterEntry.objects.filter(consultation=consultation)
    by_channel = Counter(register.values_list("channel", flat=True))
    voters = sum(by_channel.values())
    voters_by_band = dict(register.values_list("resident__age_band").annotate(n=Count("id"))
                          .values_list("resident__age_band", "n"))
    residents_by_band = dict(Resident.objects.values_list("age_band").annotate(n=Count("id"))
                             .values_list("age_band", "n"))
    by_age = []
    for band in AGE_BANDS:
        n = voters_by_band.get(band.value, 0)
        base = residents_by_band.get(band.value, 0)
        if small_count_hidden(n) or not base:
            by_age.append((str(band.label), n, shown_count(n)))
        else:
            by_age.append((str(band.label), n, f"{Decimal(100) * n / base:.1f} %"))
    from core.voice.models import BallotChannel

    labels = dict(BallotChannel.choices)
    return ConsultationResults(consultation=consultation, tallies=tallies, voters=voters,
                               electorate=electorate_size(consultation=consultation),
                               by_channel={str(labels[k]): v for k, v in by_channel.items()}, by_age=by_age)


def budget_decision_list(*, year: int | None = None) -> QuerySet[ConsultationDecision]:
    """Decisions of budget votes (amount, purpose): what the budget app reads to allocate the amounts."""
    qs = ConsultationDecision.objects.filter(consultation__is_budget=True).select_related("consultation")
    if year:
        qs = qs.filter(decided_on__year=year)
    return qs.order_by("decided_on", "id")


def consultation_decision_for_budget(*, budget_decision_id: int) -> ConsultationDecision | None:
    """The vote a budget decision came from, or None (a decision recorded by hand): the budget's
    decision page reads it to link back to the consultation."""
    return (ConsultationDecision.objects.select_related("consultation")
            .filter(budget_decision_id=budget_decision_id).first())


# --- Governance -------------------------------------------------------------------------------

def current_mandate(day: dt.date, *, prefix: str = "") -> Q:
    """A mandate held on `day`: started, and not ended before it. The one rule for « membre en cours »."""
    return (Q(**{f"{prefix}starts_on__lte": day})
            & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})))


def body_list(*, search: str = "", kind: str = "", active_only: bool = False,
              today: dt.date | None = None) -> QuerySet[GovernanceBody]:
    today = today or timezone.localdate()
    current = current_mandate(today, prefix="mandates__")
    qs = GovernanceBody.objects.annotate(
        member_count=Count("mandates__resident", filter=current, distinct=True),
        open_decisions=Count("decisions", filter=Q(decisions__status__in=[DecisionStatus.TODO,
                                                                          DecisionStatus.IN_PROGRESS]), distinct=True))
    if search:
        qs = qs.filter(name__icontains=search)
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name", "id")


def access_body_by_id(*, actor, id) -> GovernanceBody:  # noqa: A002
    return access_by_id(body_list(), id, actor=actor, message=_("Instance introuvable"))


def body_member_ids(*, body: GovernanceBody, today: dt.date | None = None) -> QuerySet:
    """Ids of the residents holding a current mandate in `body` (a values() subquery: `pk__in=` it)."""
    today = today or timezone.localdate()
    return Mandate.objects.filter(current_mandate(today), body=body).values("resident_id")


def body_mandates(*, body: GovernanceBody) -> QuerySet[Mandate]:
    return body.mandates.select_related("resident").order_by("ends_on", "role", "starts_on", "id")


def body_meetings(*, body: GovernanceBody) -> QuerySet[Meeting]:
    return body.meetings.annotate(attendee_count=Count("attendees")).order_by("-held_at", "-id")


def body_decisions(*, body: GovernanceBody | None = None, status: str = "") -> QuerySet[BodyDecision]:
    qs = BodyDecision.objects.select_related("body", "meeting")
    if body is not None:
        qs = qs.filter(body=body)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_on", "id")


def access_mandate_by_id(*, actor, id) -> Mandate:  # noqa: A002
    return access_by_id(Mandate.objects.select_related("body", "resident"), id, actor=actor, message=_("Mandat introuvable"))


def access_meeting_by_id(*, actor, id) -> Meeting:  # noqa: A002
    return access_by_id(Meeting.objects.select_related("body").prefetch_related("attendees", "decisions"), id, actor=actor, message=_("Réunion introuvable"))


def access_body_decision_by_id(*, actor, id) -> BodyDecision:  # noqa: A002
    return access_by_id(BodyDecision.objects.select_related("body", "meeting"), id, actor=actor, message=_("Décision introuvable"))


def body_documents(*, body: GovernanceBody, meeting: Meeting | None = None) -> QuerySet[BodyDocument]:
    """The body's documents (its own and its meetings'), or one meeting's only."""
    qs = BodyDocument.objects.filter(body=body).select_related("document", "meeting")
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return qs.order_by("meeting__held_at", "-document__uploaded_at", "-id")


def access_body_document_by_id(*, actor, id) -> BodyDocument:  # noqa: A002
    return access_by_id(BodyDocument.objects.select_related("document", "body", "meeting"), id, actor=actor,
                        message=_("Document introuvable"))


# --- Indicator reads --------------------------------------------------------------------------

def diagnosis_respondents_between(*, start: dt.date, end: dt.date) -> int:
    """People who answered a diagnosis questionnaire or had an interview on days in [start, end); an
    anonymous answer or interview counts one person. One statement (the indicator refresh reads it)."""
    from django.db import connection

    sql = """
        SELECT (SELECT COUNT(*) FROM (
                    SELECT resident_id FROM voice_submission
                     WHERE answered_on >= %(start)s AND answered_on < %(end)s AND resident_id IS NOT NULL
                    UNION
                    SELECT resident_id FROM voice_interview
                     WHERE held_on >= %(start)s AND held_on < %(end)s AND resident_id IS NOT NULL) named)
             + (SELECT COUNT(*) FROM voice_submission
                 WHERE answered_on >= %(start)s AND answered_on < %(end)s AND resident_id IS NULL)
             + (SELECT COUNT(*) FROM voice_interview
                 WHERE held_on >= %(start)s AND held_on < %(end)s AND resident_id IS NULL)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end})
        return int(cursor.fetchone()[0])


def needs_with_action_count(*, at: dt.datetime) -> tuple[int, int]:
    """(needs expressed before `at` that at least one activity held before `at` answers, needs expressed).
    One statement."""
    expressed = Exists(NeedMention.objects.filter(need=OuterRef("pk"), noted_on__lt=timezone.localtime(at).date()))
    answered = (Exists(Need.activities.through.objects.filter(need_id=OuterRef("pk"), activity__starts_at__lt=at))
                | Exists(Need.projects.through.objects.filter(need_id=OuterRef("pk"),
                                                              residentproject__created_at__lt=at)))
    row = Need.objects.aggregate(expressed=Count("pk", filter=Q(expressed)),
                                 answered=Count("pk", filter=Q(expressed) & Q(answered)))
    return row["answered"], row["expressed"]


def skill_offerers_at(*, at: dt.datetime) -> int:
    return (SkillEntry.objects.filter(direction=SkillDirection.OFFER, is_active=True, created_at__lt=at)
            .values("resident").distinct().count())


def skill_exchanges_between(*, start: dt.date, end: dt.date) -> tuple[int, int, int]:
    """(exchanges, intergenerational ones, distinct people involved) on days in [start, end)."""
    qs = SkillExchange.objects.filter(happened_on__gte=start, happened_on__lt=end)
    rows = list(qs.values_list("giver_id", "learner_id", "intergenerational"))
    people = {p for g, l_, _i in rows for p in (g, l_)}
    return len(rows), sum(1 for r in rows if r[2]), len(people)


def consultations_closed_between(*, start: dt.datetime, end: dt.datetime) -> tuple[int, int, int]:
    """(consultations closed in [start, end), voters, electorate summed over them)."""
    closed = list(Consultation.objects.filter(closes_at__gte=start, closes_at__lt=end)
                  .annotate(voters=Count("register")))
    electorate = sum(electorate_size(consultation=c) for c in closed)
    return len(closed), sum(c.voters for c in closed), electorate


def governance_members_at(*, day: dt.date) -> int:
    return Mandate.objects.filter(current_mandate(day)).values("resident").distinct().count()


def body_decisions_between(*, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(decisions taken on days in [start, end), decisions carried out on days in [start, end))."""
    row = BodyDecision.objects.aggregate(
        taken=Count("pk", filter=Q(decided_on__gte=start, decided_on__lt=end)),
        done=Count("pk", filter=Q(status=DecisionStatus.DONE, done_on__gte=start, done_on__lt=end)))
    return row["taken"], row["done"]


def skill_hours_between(*, start: dt.date, end: dt.date) -> Decimal:
    return (SkillExchange.objects.filter(happened_on__gte=start, happened_on__lt=end)
            .aggregate(h=Sum("hours"))["h"] or Decimal(0))


def open_ballot_choice_count() -> int:
    return OpenBallotChoice.objects.count()
