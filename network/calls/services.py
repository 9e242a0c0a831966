"""Writes of the landlords' calls. Each one checks who acts, validates (refusals name the field), then
saves atomically; rules on money and on the deadline are decided under a row lock or by a constraint."""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.stored_files import atomic_with_files, file_written
from network.calls.models import (
    AccessLink,
    Agreement,
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Call,
    CallFunder,
    CommitteeMember,
    Conflict,
    Criterion,
    Decision,
    Instalment,
    Meeting,
    Payment,
    ResultReport,
    ResultValue,
    Score,
    Target,
)

DEFAULT_CRITERIA = [  # the grid a call starts from
    ("Pertinence au regard des besoins des habitant·es", 3),
    ("Faisabilité", 2),
    ("Impact", 2),
    ("Partenariats", 1),
    ("Budget", 1),
]


def _head_office(actor):
    if not (actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active
            and actor.is_head_office):
        raise PermissionDenied(_("Réservé au siège."))


def link_lifetime() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "LANDLORD_CALL_LINK_DAYS", 60)))


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except (InvalidOperation, TypeError) as exc:
        raise ValidationError({field: [_("Montant invalide.")]}) from exc
    if amount <= 0:
        raise ValidationError({field: [_("Le montant doit être positif.")]})
    return amount.quantize(Decimal("0.01"))


_SILENT = contextvars.ContextVar("landlord_calls_silent", default=False)


@contextlib.contextmanager
def no_emails():
    """For the demo: its made-up associations get no e-mail."""
    token = _SILENT.set(True)
    try:
        yield
    finally:
        _SILENT.reset(token)


def _mail(subject: str, body: str, to: str) -> None:
    """Sent once the transaction commits, so a refused write never mails anyone."""
    if _SILENT.get():
        return
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]))


# --- Calls -------------------------------------------------------------------------------------------------

def eligible_residences(*, landlord_ids):
    """The residences a call may concern: the funding landlords' active residences (tenants.selectors)."""
    from tenants.selectors import active_residence_list

    return active_residence_list().filter(landlord_id__in=list(landlord_ids))


@transaction.atomic
def call_create(*, actor, title: str, envelope, opens_on: dt.date, deadline: dt.datetime,
                funders: list[tuple[object, Decimal]], themes: str = "", description: str = "",
                eligibility: str = "", hearings_on: dt.date | None = None, committee_on: dt.date | None = None,
                residences=(), criteria: list[tuple[str, int]] | None = None) -> Call:
    """Open a call for one or several landlords. Shares add up to 100 %; the residences concerned are
    the funding landlords'."""
    _head_office(actor)
    if not funders:
        raise ValidationError({"funders": [_("Choisissez au moins un bailleur financeur.")]})
    landlord_ids = [getattr(landlord, "pk", landlord) for landlord, _share in funders]
    if len(set(landlord_ids)) != len(landlord_ids):
        raise ValidationError({"funders": [_("Un bailleur n'apparaît qu'une fois.")]})
    if sum(Decimal(str(share)) for _l, share in funders) != 100:
        raise ValidationError({"funders": [_("Les parts des bailleurs doivent faire 100 % au total.")]})
    if deadline and opens_on and timezone.localtime(deadline).date() < opens_on:
        raise ValidationError({"deadline": [_("La date limite suit l'ouverture.")]})
    call = Call(title=(title or "").strip(), envelope=envelope, opens_on=opens_on, deadline=deadline,
                themes=themes.strip(), description=description.strip(), eligibility=eligibility.strip(),
                hearings_on=hearings_on, committee_on=committee_on)
    call.full_clean()
    call.save()
    for landlord_id, (_landlord, share) in zip(landlord_ids, funders):
        funder = CallFunder(call=call, landlord_id=landlord_id, share=Decimal(str(share)))
        funder.full_clean()
        funder.save()
    allowed = set(eligible_residences(landlord_ids=landlord_ids).values_list("pk", flat=True))
    residence_ids = [getattr(r, "pk", r) for r in residences]
    if any(r not in allowed for r in residence_ids):
        raise ValidationError({"residences": [_("Les résidences concernées sont celles des bailleurs financeurs.")]})
    call.residences.set(residence_ids)
    for order, (label, weight) in enumerate(criteria if criteria is not None else DEFAULT_CRITERIA):
        criterion = Criterion(call=call, label=label, weight=weight, order=order)
        criterion.full_clean()
        criterion.save()
    return call


# --- Applying (anonymous, through a magic link) ----------------------------------------------------------

def _link_create(*, application: Application, purpose: str) -> str:
    from core.portal.services import token_hash

    token = secrets.token_urlsafe(32)
    AccessLink.objects.create(application=application, purpose=purpose, token_hash=token_hash(token),
                              expires_at=timezone.now() + link_lifetime())
    return token


@transaction.atomic
def application_start(*, call: Call, org_name: str, contact_email: str, link_url) -> tuple[Application, str]:
    """An association starts a draft: it gets a link by e-mail to come back to it (`link_url(token)`)."""
    if not call.is_open:
        raise ValidationError({"call": [_("Cet appel n'est pas ouvert aux candidatures.")]})
    application = Application(call=call, org_name=(org_name or "").strip(), contact_email=(contact_email or "").strip())
    application.full_clean(exclude=["call"])
    application.save()
    token = _link_create(application=application, purpose=AccessLink.Purpose.APPLY)
    _mail(_("Votre candidature à « %(call)s »") % {"call": call.title},
          _("Bonjour,\n\nPour compléter et déposer votre candidature à l'appel « %(call)s », ouvrez ce lien "
            "personnel (ne le transmettez pas) :\n%(url)s\n\nIl reste valable %(days)s jours.\n") % {
              "call": call.title, "url": link_url(token), "days": link_lifetime().days},
          application.contact_email)
    return application, token


def _editable(application: Application) -> Application:
    """The draft, locked; refused once submitted (a submitted application is frozen)."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status != ApplicationStatus.DRAFT:
        raise ValidationError({"status": [_("Ce dossier est déposé : il ne peut plus être modifié.")]})
    return locked


APPLICATION_FIELDS = ("org_name", "org_id", "org_address", "contact_name", "contact_email", "contact_phone",
                      "title", "summary", "duration_months", "partners")


@transaction.atomic
def application_update(*, application: Application, residences=None, **fields) -> Application:
    locked = _editable(application)
    for name, value in fields.items():
        if name not in APPLICATION_FIELDS:
            raise TypeError(name)
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.full_clean(exclude=["call"])
    locked.save()
    if residences is not None:
        allowed = set(locked.call.residences.values_list("pk", flat=True))
        ids = [getattr(r, "pk", r) for r in residences]
        if any(r not in allowed for r in ids):
            raise ValidationError({"residences": [_("Choisissez parmi les résidences concernées par l'appel.")]})
        locked.residences.set(ids)
    return locked


@transaction.atomic
def budget_line_add(*, application: Application, label: str, amount, funder: str = "") -> BudgetLine:
    locked = _editable(application)
    line = BudgetLine(application=locked, label=(label or "").strip(), amount=_amount(amount, "amount"),
                      funder=(funder or "").strip())
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def target_add(*, application: Application, indicator: str, value, unit: str, per: str = Target.Per.TOTAL) -> Target:
    locked = _editable(application)
    target = Target(application=locked, indicator=(indicator or "").strip(), value=_amount(value, "value"),
                    unit=(unit or "").strip(), per=per)
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def line_delete(*, application: Application, line_id: int) -> None:
    locked = _editable(application)
    locked.budget_lines.filter(pk=line_id).delete()


@transaction.atomic
def target_delete(*, application: Application, target_id: int) -> None:
    locked = _editable(application)
    locked.targets.filter(pk=target_id).delete()


def _store(*, application: Application, file, kind: str, report: ResultReport | None = None) -> Attachment:
    from core.documents.services import document_file_problem

    problem, found = document_file_problem(file=file)
    if problem:
        raise ValidationError({"file": [problem]})
    original = (getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255] or found.code
    attachment = Attachment(application=application, report=report, kind=kind, original_name=original,
                            content_type=found.content_type, extension=found.extension, size=file.size)
    attachment.file.save(original, file, save=False)
    file_written(attachment.file)
    attachment.full_clean(exclude=["file"])
    attachment.save()
    return attachment


@atomic_with_files()
def attachment_add(*, application: Application, file, kind: str = Attachment.Kind.OTHER) -> Attachment:
    """Statutes, budget, references: size- and type-checked by `core.documents` (the one upload rule)."""
    locked = _editable(application)
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": [_("Type de pièce inconnu.")]})
    return _store(application=locked, file=file, kind=kind)


@transaction.atomic
def application_submit(*, application: Application, now: dt.datetime | None = None) -> Application:
    """Submit the draft: refused after the call's deadline (read under the application's lock, at the
    transaction's time); the dossier is then frozen and receipted by e-mail."""
    locked = _editable(application)
    if now is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT now()")
            now = cursor.fetchone()[0]
    if now > locked.call.deadline:
        raise ValidationError({"call": [_("La date limite de dépôt est passée : le dossier ne peut plus être déposé.")]})
    missing = {}
    for name in ("title", "summary", "org_id", "contact_name"):
        if not getattr(locked, name):
            missing[name] = [_("Ce champ est obligatoire pour déposer le dossier.")]
    if not locked.duration_months:
        missing["duration_months"] = [_("Ce champ est obligatoire pour déposer le dossier.")]
    if not locked.targets.exists():
        missing["targets"] = [_("Indiquez au moins un objectif chiffré.")]
    if not locked.budget_lines.exists():
        missing["budget_lines"] = [_("Indiquez au moins une ligne de budget.")]
    if missing:
        raise ValidationError(missing)
    locked.status, locked.submitted_at = ApplicationStatus.SUBMITTED, now
    locked.full_clean(exclude=["call"])
    locked.save(update_fields=["status", "submitted_at"])
    _mail(_("Accusé de réception : « %(title)s »") % {"title": locked.title},
          _("Bonjour,\n\nVotre dossier « %(title)s » a bien été déposé le %(when)s pour l'appel « %(call)s ». "
            "Il ne peut plus être modifié. Vous serez informé·e de la décision du comité.\n") % {
              "title": locked.title, "call": locked.call.title,
              "when": timezone.localtime(now).strftime("%d/%m/%Y %H:%M")},
          locked.contact_email)
    return locked


# --- Instruction ----------------------------------------------------------------------------------------------

@transaction.atomic
def eligibility_set(*, actor, application: Application, eligible: bool, note: str = "") -> Application:
    _head_office(actor)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
        raise ValidationError({"status": [_("Seul un dossier déposé et non encore décidé est instruit.")]})
    locked.status = ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE
    locked.eligibility_note = (note or "").strip()
    locked.save(update_fields=["status", "eligibility_note"])
    return locked


@transaction.atomic
def member_add(*, actor, call: Call, user) -> CommitteeMember:
    """Committee members are head-office staff or the staff of a funding landlord."""
    _head_office(actor)
    funding = call.funders.filter(landlord_id=user.landlord_id).exists() if user.landlord_id else False
    if not user.is_active or not (user.is_head_office or (user.is_landlord_viewer and funding)):
        raise ValidationError({"user": [_("Le comité réunit le siège et les bailleurs financeurs de l'appel.")]})
    member = CommitteeMember(call=call, user=user)
    member.full_clean()
    member.save()
    return member


def _seat(*, actor, application: Application) -> CommitteeMember:
    seat = CommitteeMember.objects.filter(call_id=application.call_id, user_id=getattr(actor, "pk", None)).first()
    if seat is None:
        raise PermissionDenied(_("Vous ne siégez pas au comité de cet appel."))
    return seat


@transaction.atomic
def conflict_declare(*, actor, application: Application, reason: str = "") -> Conflict:
    seat = _seat(actor=actor, application=application)
    conflict, _created = Conflict.objects.get_or_create(member=seat, application=application,
                                                        defaults={"reason": (reason or "").strip()[:255]})
    Score.objects.filter(member=seat, application=application).delete()
    return conflict


@transaction.atomic
def score_set(*, actor, application: Application, criterion: Criterion, value) -> Score:
    """A member scores one criterion (0 to 5). Refused off the committee, on a conflict, on an application
    not found eligible. One row per member × application × criterion: written with INSERT … ON CONFLICT,
    so two members (or two tabs) scoring at once never lose a score."""
    seat = _seat(actor=actor, application=application)
    if Conflict.objects.filter(member=seat, application=application).exists():
        raise PermissionDenied(_("Vous avez déclaré un conflit d'intérêts sur ce dossier."))
    if criterion.call_id != application.call_id:
        raise ValidationError({"criterion": [_("Ce critère n'est pas dans la grille de cet appel.")]})
    status = Application.objects.filter(pk=application.pk).values_list("status", flat=True).first()
    if status != ApplicationStatus.ELIGIBLE:
        raise ValidationError({"application": [_("Seuls les dossiers éligibles sont notés.")]})
    try:
        value = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"value": [_("La note va de 0 à 5.")]}) from exc
    if not 0 <= value <= 5:
        raise ValidationError({"value": [_("La note va de 0 à 5.")]})
    Score.objects.bulk_create(
        [Score(member=seat, application=application, criterion=criterion, value=value, scored_at=timezone.now())],
        update_conflicts=True, unique_fields=["member", "application", "criterion"],
        update_fields=["value", "scored_at"],
    )
    return Score.objects.get(member=seat, application=application, criterion=criterion)


@transaction.atomic
def meeting_save(*, actor, call: Call, held_on: dt.date, present=(), hearings: str = "", notes: str = "") -> Meeting:
    _head_office(actor)
    meeting = Meeting.objects.filter(call=call).first() or Meeting(call=call)
    meeting.held_on, meeting.hearings, meeting.notes = held_on, (hearings or "").strip(), (notes or "").strip()
    meeting.full_clean()
    meeting.save()
    ids = [getattr(m, "pk", m) for m in present]
    if CommitteeMember.objects.filter(pk__in=ids).exclude(call=call).exists():
        raise ValidationError({"present": [_("Les présents sont des membres du comité de l'appel.")]})
    meeting.present.set(ids)
    return meeting


@transaction.atomic
def decision_set(*, actor, application: Application, outcome: str, amount=None, reason: str = "") -> Decision:
    """The committee's decision on an eligible application. A laureate gets an agreement for its amount;
    the laureates' amounts of a call never exceed its envelope (decided under the call's row lock). The
    applicant is told by e-mail."""
    _head_office(actor)
    call = Call.objects.select_for_update().get(pk=application.call_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in (ApplicationStatus.ELIGIBLE, ApplicationStatus.ADJOURNED):
        raise ValidationError({"outcome": [_("Seul un dossier éligible (ou ajourné) reçoit une décision.")]})
    if not Meeting.objects.filter(call=call).exists():
        raise ValidationError({"outcome": [_("Enregistrez d'abord la réunion du comité.")]})
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": [_("Décision inconnue.")]})
    value = None
    if outcome == Decision.Outcome.LAUREATE:
        value = _amount(amount, "amount")
        committed = Decision.objects.filter(application__call=call, outcome=Decision.Outcome.LAUREATE).exclude(
            application=locked).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if committed + value > call.envelope:
            raise ValidationError({"amount": [_("L'enveloppe de l'appel serait dépassée (reste %(left)s €).") % {
                "left": call.envelope - committed}]})
    decision = Decision.objects.filter(application=locked).first() or Decision(application=locked)
    decision.outcome, decision.amount, decision.reason = outcome, value, (reason or "").strip()
    decision.decided_at = timezone.now()
    decision.full_clean()
    decision.save()
    locked.status = outcome
    locked.save(update_fields=["status"])
    if outcome == Decision.Outcome.LAUREATE:
        Agreement.objects.update_or_create(application=locked, defaults={"amount": value})
    labels = {Decision.Outcome.LAUREATE: _("Votre projet est lauréat pour %(amount)s €.") % {"amount": value},
              Decision.Outcome.REFUSED: _("Votre projet n'a pas été retenu."),
              Decision.Outcome.ADJOURNED: _("Le comité a ajourné sa décision sur votre projet.")}
    _mail(_("Décision du comité : « %(title)s »") % {"title": locked.title},
          _("Bonjour,\n\nLe comité de sélection de l'appel « %(call)s » s'est réuni. %(outcome)s\n%(reason)s\n") % {
              "call": call.title, "outcome": labels[outcome], "reason": decision.reason},
          locked.contact_email)
    return decision


# --- Laureates ------------------------------------------------------------------------------------------------

@transaction.atomic
def instalment_add(*, actor, agreement: Agreement, milestone: str, due_on: dt.date, amount) -> Instalment:
    """An instalment tied to a milestone; together they never exceed the agreement (row lock)."""
    _head_office(actor)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    value = _amount(amount, "amount")
    planned = locked.instalments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if planned + value > locked.amount:
        raise ValidationError({"amount": [_("Les versements dépasseraient le montant de la convention.")]})
    instalment = Instalment(agreement=locked, milestone=(milestone or "").strip(), due_on=due_on, amount=value)
    instalment.full_clean()
    instalment.save()
    return instalment


@transaction.atomic
def payment_record(*, actor, instalment: Instalment, paid_on: dt.date, amount) -> Payment:
    """A payment against a milestone's instalment; never more than the instalment (row lock)."""
    _head_office(actor)
    locked = Instalment.objects.select_for_update().get(pk=instalment.pk)
    value = _amount(amount, "amount")
    paid = locked.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if paid + value > locked.amount:
        raise ValidationError({"amount": [_("Le paiement dépasserait le versement prévu (reste %(left)s €).") % {
            "left": locked.amount - paid}]})
    payment = Payment(instalment=locked, paid_on=paid_on, amount=value)
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def report_link_send(*, actor, agreement: Agreement, link_url) -> str:
    """Send the carrying association its link to file result reports."""
    _head_office(actor)
    application = agreement.application
    token = _link_create(application=application, purpose=AccessLink.Purpose.REPORT)
    _mail(_("Compte rendu de résultats : « %(title)s »") % {"title": application.title},
          _("Bonjour,\n\nPour déposer le compte rendu de résultats de votre projet « %(title)s », ouvrez ce lien "
            "personnel :\n%(url)s\n") % {"title": application.title, "url": link_url(token)},
          application.contact_email)
    return token


@atomic_with_files()
def result_report_file(*, application: Application, year: int, narrative: str, actuals: dict,
                       files=()) -> ResultReport:
    """The carrying association files the result report of a project year: an actual value per target."""
    agreement = Agreement.objects.filter(application=application).first()
    if agreement is None:
        raise PermissionDenied(_("Ce projet n'est pas lauréat."))
    report = ResultReport(agreement=agreement, year=year, narrative=(narrative or "").strip())
    report.full_clean()
    report.save()
    targets = {t.pk: t for t in application.targets.all()}
    for target_id, value in actuals.items():
        if int(target_id) not in targets:
            raise ValidationError({"actuals": [_("Objectif inconnu.")]})
        try:
            actual = Decimal(str(value).replace(",", "."))
        except InvalidOperation as exc:
            raise ValidationError({f"target_{target_id}": [_("Valeur invalide.")]}) from exc
        row = ResultValue(report=report, target=targets[int(target_id)], actual=actual)
        row.full_clean()
        row.save()
    for file in files:
        _store(application=application, file=file, kind=Attachment.Kind.REPORT, report=report)
    return report


# --- Retention --------------------------------------------------------------------------------------------------

def retention_days() -> int:
    return int(getattr(settings, "LANDLORD_CALL_REFUSED_RETENTION_DAYS", 730))


@transaction.atomic
def refused_applications_purge(*, now: dt.datetime | None = None) -> int:
    """Applicants' data are business contacts, kept for refused (and ineligible) applications for
    `LANDLORD_CALL_REFUSED_RETENTION_DAYS` after the decision: then the contact is erased, attachments and
    links deleted; the anonymous row stays for the counts."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    refused = Application.objects.filter(status=ApplicationStatus.REFUSED, decision__decided_at__lt=cutoff)
    ineligible = Application.objects.filter(status=ApplicationStatus.INELIGIBLE, submitted_at__lt=cutoff)
    ids = list(refused.exclude(contact_email="").values_list("pk", flat=True)) + list(
        ineligible.exclude(contact_email="").values_list("pk", flat=True))
    for attachment in Attachment.objects.filter(application_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
    AccessLink.objects.filter(application_id__in=ids).delete()
    Application.objects.filter(pk__in=ids).update(
        contact_name="", contact_email="", contact_phone="", org_address="", summary="", partners="")
    return len(ids)
