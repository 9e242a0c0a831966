"""Writes of residents' voice. Each validates, names the field it refuses, and saves atomically;
the rules two simultaneous requests could break (one answer, one vote per person or household,
one holder of an office) are the database's constraints, turned here into the same refusals."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apes_platform.stored_files import atomic_with_files
from core.documents.models import DocumentKind
from core.people.models import AgeBand, Resident
from core.voice.models import (
    CHOICE_KINDS,
    SHORT_TEXT_MAX,
    Answer,
    AnswerSource,
    BallotChannel,
    BodyDecision,
    BodyDocument,
    BodyDocumentRole,
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
    QuestionnaireVersion,
    Questionnaire,
    QuestionOption,
    QuestionSection,
    ResidentHousehold,
    SkillEntry,
    SkillExchange,
    Submission,
    VoteMethod,
    VoterRegisterEntry,
)

# Age bands grouped into generations: an exchange across two groups is intergenerational.
GENERATION = {AgeBand.CHILD: 0, AgeBand.YOUNG_ADULT: 0, AgeBand.ADULT: 1, AgeBand.SENIOR: 2, AgeBand.ELDER: 2}


def is_intergenerational(a: Resident, b: Resident) -> bool:
    """One rule for matching, exchanges and the indicator: the two people are of different generations."""
    return GENERATION.get(a.age_band) != GENERATION.get(b.age_band)


def _constraint(exc: IntegrityError) -> str:
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""


def _day(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


# --- Needs ------------------------------------------------------------------------------------

@transaction.atomic
def need_create(*, label: str, description: str = "") -> Need:
    need = Need(label=label.strip(), description=description.strip())
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def need_update(*, need: Need, label: str, description: str = "", is_active: bool = True,
                activities=None, projects=None) -> Need:
    """`activities` and `projects` (residents' projects, from `core.projects.selectors`): what answers it."""
    need.label, need.description, need.is_active = label.strip(), description.strip(), is_active
    need.full_clean()
    need.save()
    if activities is not None:
        need.activities.set(activities)
    if projects is not None:
        need.projects.set(projects)
    return need


@transaction.atomic
def need_link_activity(*, need: Need, activity) -> None:
    need.activities.add(activity)


@transaction.atomic
def need_link_project(*, need: Need, project) -> None:
    """A residents' project answers the need (the project is fetched by `access_project_by_id`)."""
    need.projects.add(project)


@transaction.atomic
def dropin_need_tag(*, visit, need: Need) -> NeedMention:
    """Tag a drop-in visit whose topic is « besoin exprimé » with a need of the catalogue."""
    from core.dropins.models import Topic

    if visit.topic != Topic.NEED:
        raise ValidationError({"visit": _("Seuls les passages au motif « besoin exprimé » se rattachent à un besoin.")})
    mention = NeedMention(need=need, resident=visit.resident, source=MentionSource.DROPIN, dropin_visit=visit,
                          noted_on=timezone.localtime(visit.visited_at).date())
    try:
        with transaction.atomic():
            mention.save()
    except IntegrityError as exc:
        if _constraint(exc) != "need_mention_once_per_visit":
            raise
        raise ValidationError({"need": _("Ce besoin est déjà noté pour ce passage.")}) from exc
    return mention


# --- Questionnaire builder --------------------------------------------------------------------

@transaction.atomic
def questionnaire_create(*, title: str, opens_on: dt.date, closes_on: dt.date, description: str = "") -> Questionnaire:
    questionnaire = Questionnaire(title=title.strip(), description=description.strip(), opens_on=opens_on,
                                  closes_on=closes_on)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("La clôture doit suivre l'ouverture.")})
    questionnaire.full_clean()
    questionnaire.save()
    QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, title: str, opens_on: dt.date, closes_on: dt.date,
                         description: str = "") -> Questionnaire:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("La clôture doit suivre l'ouverture.")})
    questionnaire.title, questionnaire.description = title.strip(), description.strip()
    questionnaire.opens_on, questionnaire.closes_on = opens_on, closes_on
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _fork(version: QuestionnaireVersion) -> tuple[QuestionnaireVersion, dict[int, QuestionSection]]:
    """Copy an answered version into the next one; returns it and old section id → new section."""
    new = QuestionnaireVersion.objects.create(questionnaire=version.questionnaire, number=version.number + 1)
    sections = {}
    for section in version.sections.prefetch_related("questions__options"):
        copy = QuestionSection.objects.create(version=new, title=section.title, position=section.position)
        sections[section.pk] = copy
        for question in section.questions.all():
            options = list(question.options.all())
            question.pk, question.section = None, copy
            question.save()
            QuestionOption.objects.bulk_create(
                QuestionOption(question=question, label=o.label, need_id=o.need_id, position=o.position)
                for o in options)
    return new, sections


def editable_version(*, questionnaire: Questionnaire) -> tuple[QuestionnaireVersion, dict[int, QuestionSection]]:
    """The version to change: the current one while nobody answered it, otherwise a new copy of it,
    so that answers keep the questions they answered."""
    current = (QuestionnaireVersion.objects.select_for_update().filter(questionnaire=questionnaire)
               .order_by("-number").first())
    if current.submissions.exists():
        return _fork(current)
    return current, {s.pk: s for s in current.sections.all()}


@transaction.atomic
def section_add(*, questionnaire: Questionnaire, title: str) -> QuestionSection:
    if not title.strip():
        raise ValidationError({"title": _("Donnez un titre à la partie.")})
    version, _sections = editable_version(questionnaire=questionnaire)
    position = version.sections.count()
    return QuestionSection.objects.create(version=version, title=title.strip(), position=position)


@transaction.atomic
def question_add(*, section: QuestionSection, text: str, kind: str, required: bool = False, scale_min: int = 1,
                 scale_max: int = 5, options: list[tuple[str, Need | None]] | None = None) -> Question:
    """Add a question to a section of the current version (copied first if it was answered)."""
    options = [(label.strip(), need) for label, need in (options or []) if label.strip()]
    errors = {}
    if not text.strip():
        errors["text"] = _("Écrivez la question.")
    if kind in CHOICE_KINDS and len(options) < 2:
        errors["options"] = _("Une question à choix a besoin d'au moins deux choix.")
    if kind not in CHOICE_KINDS and options:
        errors["options"] = _("Seules les questions à choix ont des choix.")
    if kind == QuestionKind.SCALE and scale_max <= scale_min:
        errors["scale_max"] = _("Le maximum de l'échelle doit dépasser son minimum.")
    if errors:
        raise ValidationError(errors)
    version, sections = editable_version(questionnaire=section.version.questionnaire)
    section = sections.get(section.pk, section)
    if section.version_id != version.pk:
        raise ValidationError({"section": _("Cette partie n'appartient pas à la version en cours.")})
    question = Question(section=section, text=text.strip(), kind=kind, required=required,
                        scale_min=scale_min if kind == QuestionKind.SCALE else 1,
                        scale_max=scale_max if kind == QuestionKind.SCALE else 5,
                        position=section.questions.count())
    question.full_clean()
    question.save()
    QuestionOption.objects.bulk_create(QuestionOption(question=question, label=label, need=need, position=i)
                                       for i, (label, need) in enumerate(options))
    return question


@transaction.atomic
def question_remove(*, question: Question) -> None:
    """Remove a question from the current version (the answered version keeps it)."""
    version, sections = editable_version(questionnaire=question.section.version.questionnaire)
    section = sections.get(question.section_id)
    if section is None:
        raise ValidationError({"question": _("Cette question n'est plus dans la version en cours.")})
    section.questions.filter(text=question.text, position=question.position).delete()


# --- Answers ----------------------------------------------------------------------------------

def _answer_rows(question: Question, raw, errors: dict) -> list[Answer]:
    """The Answer rows for one question's raw value (option ids, a number or a text), or an error."""
    field = f"q_{question.pk}"
    empty = raw in (None, "", [], ())
    if empty:
        if question.required:
            errors[field] = _("Répondez à cette question : elle est obligatoire.")
        return []
    if question.kind in CHOICE_KINDS:
        ids = raw if isinstance(raw, (list, tuple)) else [raw]
        if question.kind == QuestionKind.SINGLE and len(ids) > 1:
            errors[field] = _("Un seul choix possible.")
            return []
        options = {o.pk: o for o in question.options.all()}
        try:
            chosen = [options[int(i)] for i in ids]
        except (KeyError, ValueError, TypeError):
            errors[field] = _("Ce choix n'existe pas pour cette question.")
            return []
        return [Answer(question=question, option=o) for o in dict.fromkeys(chosen)]
    if isinstance(raw, (list, tuple, dict)):
        errors[field] = _("Une seule valeur pour cette question.")
        return []
    if question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        try:
            number = Decimal(str(raw).replace(",", ".").strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            errors[field] = _("Écrivez un nombre.")
            return []
        if question.kind == QuestionKind.SCALE and not (
                question.scale_min <= number <= question.scale_max and number == number.to_integral_value()):
            errors[field] = _("Choisissez une valeur entière de %(min)d à %(max)d.") % {
                "min": question.scale_min, "max": question.scale_max}
            return []
        if abs(number) >= Decimal("1e8"):
            errors[field] = _("Nombre trop grand.")
            return []
        return [Answer(question=question, number=number.quantize(Decimal("0.01")))]
    text = str(raw).strip()
    if len(text) > SHORT_TEXT_MAX:
        errors[field] = _("%(max)d caractères au plus (ici %(n)d).") % {"max": SHORT_TEXT_MAX, "n": len(text)}
        return []
    return [Answer(question=question, text=text)]


@transaction.atomic
def submission_record(*, questionnaire: Questionnaire, answers: dict, source: str, resident: Resident | None = None,
                      answered_on: dt.date | None = None, entered_by: str = "") -> Submission:
    """Record one person's answers to the current version. Online answers come while the questionnaire
    is open; paper and interview answers are dated when given, within the opening dates. A resident
    answers a questionnaire once, whatever the channel (database constraint)."""
    answered_on = answered_on or timezone.localdate()
    errors: dict[str, str] = {}
    if source not in AnswerSource.values:
        errors["source"] = _("Source inconnue.")
    if source == AnswerSource.PORTAL and resident is None:
        errors["resident"] = _("Une réponse en ligne vient d'un·e habitant·e.")
    if not questionnaire.is_open_on(answered_on):
        errors["answered_on"] = _("Le questionnaire est ouvert du %(start)s au %(end)s.") % {
            "start": _day(questionnaire.opens_on), "end": _day(questionnaire.closes_on)}
    version = questionnaire.versions.order_by("-number").first()
    questions = list(Question.objects.filter(section__version=version).prefetch_related("options")
                     .order_by("section__position", "section_id", "position", "id"))
    rows = []
    for question in questions:
        rows += _answer_rows(question, answers.get(question.pk, answers.get(f"q_{question.pk}")), errors)
    known = {question.pk for question in questions} | {f"q_{question.pk}" for question in questions}
    for key in answers:
        if key not in known:  # an answer to nothing would be dropped silently
            errors[key if str(key).startswith("q_") else f"q_{key}"] = _(
                "Cette question n'est pas dans la version en cours du questionnaire.")
    if not rows and not errors:
        errors["__all__"] = _("Aucune réponse : rien n'a été enregistré.")
    if errors:
        raise ValidationError(errors)
    submission = Submission(questionnaire=questionnaire, version=version, resident=resident, source=source,
                            entered_by=entered_by, answered_on=answered_on)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError as exc:
        if _constraint(exc) != "submission_once_per_resident":
            raise
        earlier = Submission.objects.filter(questionnaire=questionnaire, resident=resident).first()
        raise ValidationError({"resident": _("%(name)s a déjà répondu à ce questionnaire (%(source)s, le %(day)s).") % {
            "name": resident.display_name, "source": earlier.get_source_display() if earlier else "",
            "day": _day(earlier.answered_on) if earlier else ""}}) from exc
    for row in rows:
        row.submission = submission
    Answer.objects.bulk_create(rows)
    needs = {row.option.need_id for row in rows if row.option_id and row.option.need_id}
    NeedMention.objects.bulk_create(
        NeedMention(need_id=need_id, resident=resident, source=MentionSource.ANSWER, submission=submission,
                    noted_on=answered_on) for need_id in sorted(needs))
    return submission


@transaction.atomic
def interview_record(*, held_on: dt.date, kind: str, notes: list[tuple[str, str, list[Need]]],
                     resident: Resident | None = None, conducted_by: str = "") -> Interview:
    """An interview and its notes by topic; a need attached to a note counts as expressed."""
    notes = [(topic, text.strip(), needs) for topic, text, needs in notes if text.strip() or needs]
    if not notes:
        raise ValidationError({"notes": _("Notez au moins un thème abordé.")})
    interview = Interview(resident=resident, held_on=held_on, kind=kind, conducted_by=conducted_by)
    interview.full_clean()
    interview.save()
    for topic, text, needs in notes:
        note = InterviewNote(interview=interview, topic=topic, text=text)
        note.full_clean(exclude=["interview"])
        note.save()
        note.needs.set(needs)
        NeedMention.objects.bulk_create(
            NeedMention(need=need, resident=resident, source=MentionSource.INTERVIEW, interview_note=note,
                        noted_on=held_on) for need in needs)
    return interview


# --- Skills -----------------------------------------------------------------------------------

@transaction.atomic
def skill_entry_add(*, resident: Resident, direction: str, category: str, tag: str = "",
                    availability: str = "") -> SkillEntry:
    entry = SkillEntry(resident=resident, direction=direction, category=category, tag=tag.strip().lower(),
                       availability=availability.strip())
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def skill_entry_withdraw(*, entry: SkillEntry) -> SkillEntry:
    entry.is_active = False
    entry.save(update_fields=["is_active"])
    return entry


@transaction.atomic
def skill_exchange_record(*, giver: Resident, learner: Resident, category: str, happened_on: dt.date,
                          hours: Decimal, tag: str = "", note: str = "") -> SkillExchange:
    if giver.pk == learner.pk:
        raise ValidationError({"learner": _("Un échange se fait entre deux personnes différentes.")})
    if hours is None or hours <= 0:
        raise ValidationError({"hours": _("La durée doit être positive.")})
    exchange = SkillExchange(giver=giver, learner=learner, category=category, tag=tag.strip().lower(),
                             happened_on=happened_on, hours=hours, note=note.strip(),
                             intergenerational=is_intergenerational(giver, learner))
    exchange.full_clean()
    exchange.save()
    return exchange


# --- Consultations ----------------------------------------------------------------------------

@transaction.atomic
def consultation_create(*, question: str, opens_at: dt.datetime, closes_at: dt.datetime, options: list[str],
                        method: str = VoteMethod.SINGLE, max_choices: int | None = None, description: str = "",
                        secret: bool = False, one_per_household: bool = False, is_budget: bool = False
                        ) -> Consultation:
    labels = [o.strip() for o in options if o and o.strip()]
    errors = {}
    if len(labels) < 2:
        errors["options"] = _("Proposez au moins deux choix.")
    elif len(set(labels)) != len(labels):
        errors["options"] = _("Deux choix portent le même intitulé.")
    if closes_at <= opens_at:
        errors["closes_at"] = _("La clôture doit suivre l'ouverture.")
    if method == VoteMethod.MULTIPLE and not max_choices:
        errors["max_choices"] = _("Indiquez le nombre de choix maximum.")
    elif method == VoteMethod.MULTIPLE and labels and max_choices >= len(labels):
        errors["max_choices"] = _("Le maximum doit être inférieur au nombre de choix (sinon, choisissez "
                                  "l'approbation).")
    if errors:
        raise ValidationError(errors)
    consultation = Consultation(question=question.strip(), description=description.strip(), method=method,
                                max_choices=max_choices if method == VoteMethod.MULTIPLE else None,
                                opens_at=opens_at, closes_at=closes_at, secret=secret,
                                one_per_household=one_per_household, is_budget=is_budget)
    consultation.full_clean()
    consultation.save()
    ConsultationOption.objects.bulk_create(
        ConsultationOption(consultation=consultation, label=label, position=i) for i, label in enumerate(labels))
    return consultation


@transaction.atomic
def resident_household_set(*, resident: Resident, dwelling: str) -> ResidentHousehold | None:
    dwelling = dwelling.strip().upper()
    if not dwelling:
        ResidentHousehold.objects.filter(resident=resident).delete()
        return None
    household, _created = ResidentHousehold.objects.update_or_create(resident=resident, defaults={"dwelling": dwelling})
    return household


def _already_voted_message(consultation: Consultation, resident: Resident) -> str:
    entry = VoterRegisterEntry.objects.filter(consultation=consultation, resident=resident).first()
    if entry is None:
        return _("%(name)s a déjà voté.") % {"name": resident.display_name}
    return _("%(name)s a déjà voté (%(channel)s, le %(day)s) : une seule voix par personne.") % {
        "name": resident.display_name, "channel": entry.get_channel_display(), "day": _day(entry.voted_on)}


@transaction.atomic
def ballot_cast(*, consultation: Consultation, resident: Resident, option_ids: list, channel: str,
                now: dt.datetime | None = None) -> VoterRegisterEntry:
    """One person's ballot, online or on paper. The register entry and the choices are written in one
    transaction; the database refuses a second entry for the person (or the household), whatever the
    channel. For a secret ballot no row holds the choices: each chosen option's tally grows by one."""
    now = now or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    errors: dict[str, str] = {}
    if channel not in BallotChannel.values:
        errors["channel"] = _("Canal inconnu.")
    if now < consultation.opens_at:
        errors["options"] = _("Le vote n'est pas encore ouvert.")
    elif now >= consultation.closes_at and (channel == BallotChannel.ONLINE or hasattr(consultation, "decision")):
        errors["options"] = _("Le vote est clos.")
    options = {o.pk: o for o in consultation.options.all()}
    try:
        chosen = list(dict.fromkeys(options[int(i)] for i in option_ids))
    except (KeyError, ValueError, TypeError):
        chosen = []
        errors["options"] = _("Ce choix n'existe pas pour cette consultation.")
    if "options" not in errors:
        if not chosen:
            errors["options"] = _("Choisissez au moins une réponse.")
        elif consultation.method == VoteMethod.SINGLE and len(chosen) > 1:
            errors["options"] = _("Un seul choix possible.")
        elif consultation.method == VoteMethod.MULTIPLE and len(chosen) > consultation.max_choices:
            errors["options"] = _("%(max)d choix au plus.") % {"max": consultation.max_choices}
    household = ""
    if consultation.one_per_household:
        link = ResidentHousehold.objects.filter(resident=resident).first()
        if link is None:
            errors["resident"] = _("Une voix par foyer : renseignez d'abord le logement de %(name)s.") % {
                "name": resident.display_name}
        else:
            household = link.dwelling
    if errors:
        raise ValidationError(errors)
    entry = VoterRegisterEntry(consultation=consultation, resident=resident, household=household, channel=channel,
                               voted_on=timezone.localtime(now).date())
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        name = _constraint(exc)
        if name == "voter_once_per_consultation":
            raise ValidationError({"resident": _already_voted_message(consultation, resident)}) from exc
        if name == "voter_once_per_household":
            raise ValidationError({"resident": _("Le foyer %(dwelling)s a déjà voté : une voix par foyer.") % {
                "dwelling": household}}) from exc
        raise
    if consultation.secret:
        ConsultationOption.objects.filter(pk__in=[o.pk for o in chosen]).update(secret_votes=F("secret_votes") + 1)
    else:
        OpenBallotChoice.objects.bulk_create(OpenBallotChoice(entry=entry, option=o) for o in chosen)
    return entry


@transaction.atomic
def consultation_decide(*, consultation: Consultation, text: str, decided_on: dt.date | None = None,
                        amount: Decimal | None = None, purpose: str = "", recorded_by: str = "",
                        line=None, now: dt.datetime | None = None) -> ConsultationDecision:
    """Record the decision once the vote is closed. A budget vote names the amount and its purpose
    and allocates them in the budget: the residents' decision is created there by the budget's own
    service (`core.budget.services.decision_save`, body « vote des habitant·es », optional `line`)
    in this same transaction, so either both are saved or neither."""
    from core.budget import services as budget_services
    from core.budget.models import DecisionBody

    now = now or timezone.now()
    # One decision per consultation even for two clicks at once: the second waits here, then sees the first.
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    decided_on = decided_on or timezone.localdate()
    errors = {}
    if now < consultation.closes_at:
        errors["text"] = _("Le vote n'est pas encore clos.")
    if ConsultationDecision.objects.filter(consultation=consultation).exists():
        errors["text"] = _("La décision est déjà enregistrée.")
    if not text.strip():
        errors["text"] = _("Écrivez la décision prise.")
    if consultation.is_budget:
        if amount is None or amount <= 0:
            errors["amount"] = _("Un vote sur le budget indique le montant alloué.")
        if not purpose.strip():
            errors["purpose"] = _("Un vote sur le budget indique l'objet de la dépense.")
    elif line is not None:
        errors["line"] = _("Seul un vote sur le budget s'inscrit sur une ligne budgétaire.")
    if errors:
        raise ValidationError(errors)
    amount = amount.quantize(Decimal("0.01")) if amount is not None else None
    budget_decision = None
    if consultation.is_budget:
        try:
            budget_decision = budget_services.decision_save(
                decided_on=decided_on, title=purpose, text=text, amount=amount, body=DecisionBody.VOTE,
                line=line, recorded_by=recorded_by)
        except ValidationError as exc:
            raise ValidationError(_budget_refusal(exc, decided_on)) from exc
    decision = ConsultationDecision(
        consultation=consultation, text=text.strip(), decided_on=decided_on, amount=amount,
        purpose=purpose.strip(), recorded_by=recorded_by, budget_decision=budget_decision)
    decision.full_clean()
    decision.save()
    return decision


def _budget_refusal(exc: ValidationError, decided_on: dt.date) -> dict:
    """The budget's refusal, on this form's fields: its date refusals (no year, closed year) say
    what to do from the vote's page."""
    errors = {field: list(messages) for field, messages in exc.message_dict.items()}
    if "decided_on" in errors:
        errors["decided_on"] = [_(
            "Aucun exercice budgétaire ouvert pour le %(day)s : ouvrez l'exercice %(year)s dans le budget "
            "(ou choisissez une date d'un exercice ouvert) avant d'enregistrer la décision.")
            % {"day": _day(decided_on), "year": decided_on.year}]
    if "title" in errors:  # the budget decision's title is the vote's purpose
        errors.setdefault("purpose", []).extend(errors.pop("title"))
    return errors


# --- Governance -------------------------------------------------------------------------------

@transaction.atomic
def body_create(*, name: str, kind: str = "committee", description: str = "") -> GovernanceBody:
    body = GovernanceBody(name=name.strip(), kind=kind, description=description.strip())
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def mandate_add(*, body: GovernanceBody, resident: Resident, role: str, starts_on: dt.date,
                ends_on: dt.date | None = None) -> Mandate:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("La fin du mandat doit suivre son début.")})
    mandate = Mandate(body=body, resident=resident, role=role, starts_on=starts_on, ends_on=ends_on)
    mandate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            mandate.save()
    except IntegrityError as exc:
        if _constraint(exc) != "mandate_one_open_office_per_role":
            raise
        raise ValidationError({"role": _("Ce rôle est déjà tenu : terminez d'abord le mandat en cours.")}) from exc
    return mandate


@transaction.atomic
def mandate_end(*, mandate: Mandate, ends_on: dt.date) -> Mandate:
    if ends_on < mandate.starts_on:
        raise ValidationError({"ends_on": _("La fin du mandat doit suivre son début.")})
    mandate.ends_on = ends_on
    mandate.save(update_fields=["ends_on"])
    return mandate


@transaction.atomic
def meeting_record(*, body: GovernanceBody, held_at: dt.datetime, place: str = "", agenda: str = "",
                   minutes: str = "", attendees=()) -> Meeting:
    meeting = Meeting(body=body, held_at=held_at, place=place.strip(), agenda=agenda.strip(), minutes=minutes.strip())
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, agenda: str, minutes: str, attendees=None) -> Meeting:
    meeting.agenda, meeting.minutes = agenda.strip(), minutes.strip()
    meeting.full_clean()
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def body_decision_add(*, body: GovernanceBody, title: str, decided_on: dt.date, owner: str,
                      due_on: dt.date | None = None, meeting: Meeting | None = None) -> BodyDecision:
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": _("Cette réunion est celle d'une autre instance.")})
    decision = BodyDecision(body=body, meeting=meeting, title=title.strip(), decided_on=decided_on,
                            owner=owner.strip(), due_on=due_on)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def body_decision_follow(*, decision: BodyDecision, status: str, done_on: dt.date | None = None) -> BodyDecision:
    """Move a decision along (à faire → en cours → réalisée); « réalisée » needs its date."""
    if status == DecisionStatus.DONE and done_on is None:
        raise ValidationError({"done_on": _("Indiquez la date de réalisation.")})
    if done_on is not None and done_on < decision.decided_on:
        raise ValidationError({"done_on": _("La réalisation ne peut précéder la décision.")})
    decision.status = status
    decision.done_on = done_on if status == DecisionStatus.DONE else None
    decision.full_clean()
    decision.save(update_fields=["status", "done_on"])
    return decision


# Which kind core.documents files a body's document under (its own list, subject access, erasure).
_DOCUMENT_KIND = {BodyDocumentRole.STATUTES: DocumentKind.STATUTES, BodyDocumentRole.MINUTES: DocumentKind.REPORT,
                  BodyDocumentRole.AGENDA: DocumentKind.OTHER, BodyDocumentRole.OTHER: DocumentKind.OTHER}


@atomic_with_files()
def body_document_add(*, actor, body: GovernanceBody, file, title: str = "", role: str = BodyDocumentRole.OTHER,
                      meeting: Meeting | None = None) -> BodyDocument:
    """Attach a file (statutes, an agenda, minutes…) to a body or to one of its meetings. The file is
    stored by core.documents (`document_store`: size and type read from the content, refusals on
    `file`; an actor who may not handle the residence's documents is refused outright)."""
    from core.documents.services import document_store

    if role not in BodyDocumentRole.values:
        raise ValidationError({"role": _("Nature de document inconnue.")})
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": _("Cette réunion est celle d'une autre instance.")})
    document = document_store(actor=actor, file=file, title=title, kind=_DOCUMENT_KIND[role])
    return BodyDocument.objects.create(body=body, meeting=meeting, document=document, role=role)


@transaction.atomic
def body_document_remove(*, actor, link: BodyDocument) -> None:
    """Delete a body's document: the row here goes with the document, its file once committed."""
    from core.documents.services import document_delete

    document_delete(actor=actor, document=link.document)


# --- Privacy ----------------------------------------------------------------------------------

@transaction.atomic
def resident_voice_erase(*, resident: Resident) -> int:
    """Erasure hook of the privacy app: free text the person wrote or that was written about them goes;
    counts stay (answers, mentions, votes, exchanges, mandates)."""
    count = Answer.objects.filter(submission__resident=resident).exclude(text="").update(text="")
    count += InterviewNote.objects.filter(interview__resident=resident).update(text="")
    count += SkillEntry.objects.filter(resident=resident).update(availability="")
    count += SkillExchange.objects.filter(giver=resident).update(note="")
    count += SkillExchange.objects.filter(learner=resident).update(note="")
    ResidentHousehold.objects.filter(resident=resident).delete()
    return count
