"""Writes of the budget. Each validates, names the field it refuses, and saves atomically.

Concurrency is decided by the database: every ledger write takes a share lock on its budget
year's row (so it cannot race the year's closing, which takes an exclusive lock) and an exclusive
lock on its budget line's row (SELECT … FOR UPDATE) before reading the line's figures, so two
expenses on the last euros of a "refuse" line are serialised and only one fits.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.money import format_euros
from apes_platform.stored_files import atomic_with_files
from core.budget.models import (
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    Decision,
    EntryKind,
    Envelope,
    IncomeKind,
    OverspendRule,
    YearStatus,
)
from core.documents.detection import JPEG, PDF, PNG
from core.funding.models import GRANTED as FUNDING_GRANTED
from core.documents.models import DocumentKind
from core.documents.selectors import actor_may_handle_documents
from core.documents.services import document_store, document_file_problem
from core.budget.money import amount_problem, to_money
from core.budget.selectors import decision_remaining, line_figures, outstanding_by_commitment, year_summary


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _closed_message(year: int) -> str:
    return _("L'exercice %(year)s est clôturé : il ne peut plus changer. Corrigez par une contre-passation "
             "sur l'exercice ouvert.") % {"year": year}


def _lock_year_shared(year: BudgetYear) -> BudgetYear:
    """Share-lock the year's row (writes of one year run together; closing waits for them) and
    return it as it is now."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM {BudgetYear._meta.db_table} WHERE id = %s FOR SHARE", [year.pk])
        row = cursor.fetchone()
    year.status = row[0] if row else year.status
    return year


def _open_year(year: BudgetYear, errors: _Errors, field: str = "year") -> None:
    _lock_year_shared(year)
    if year.status == YearStatus.CLOSED:
        errors.add(field, _closed_message(year.year))


def _check_amount(errors: _Errors, amount, field: str = "amount", *, allow_zero: bool = False) -> Decimal | None:
    problem = amount_problem(amount, allow_zero=allow_zero)
    if problem:
        errors.add(field, problem)
        return None
    return to_money(amount)


RECEIPT_TYPES = (PDF, JPEG, PNG)


def _check_receipt(errors: _Errors, receipt, actor) -> None:
    """A receipt is a PDF, JPEG or PNG under the size limit, read from its content (core.documents)."""
    if receipt is None:
        return
    problem, _found = document_file_problem(file=receipt, allowed_types=RECEIPT_TYPES)
    if problem:
        errors.add("receipt", problem)
    elif not actor_may_handle_documents(actor=actor):
        errors.add("receipt", _("Vous ne pouvez pas déposer de justificatif dans cette résidence."))


def _store_receipt(receipt, *, actor, label: str):
    if receipt is None:
        return None
    return document_store(actor=actor, file=receipt, title=_("Justificatif : %(label)s") % {"label": label},
                          kind=DocumentKind.RECEIPT, allowed_types=RECEIPT_TYPES)


# --- Years, envelopes, lines ----------------------------------------------------------------------

@transaction.atomic
def budget_year_create(*, year: int, note: str = "") -> BudgetYear:
    errors = _Errors()
    if year is None or not 2000 <= int(year) <= 2100:
        errors.add("year", _("Indiquez une année entre 2000 et 2100."))
    elif BudgetYear.objects.filter(year=year).exists():
        errors.add("year", _("L'exercice %(year)s existe déjà.") % {"year": year})
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return BudgetYear.objects.create(year=year, note=note.strip())
    except IntegrityError as exc:  # created at the same moment by someone else
        raise ValidationError({"year": _("L'exercice %(year)s existe déjà.") % {"year": year}}) from exc


@transaction.atomic
def envelope_save(*, year: BudgetYear, source: str, amount, label: str = "",
                  envelope: Envelope | None = None) -> Envelope:
    """Create (or, with `envelope`, change) an envelope of an open year."""
    errors = _Errors()
    _open_year(year, errors, "amount")
    money = _check_amount(errors, amount, allow_zero=True)
    errors.raise_if_any()
    envelope = envelope or Envelope(year=year)
    if envelope.year_id != year.pk:
        raise ValidationError({"year": _("Cette enveloppe n'appartient pas à cet exercice.")})
    envelope.source, envelope.amount, envelope.label = source, money, label.strip()
    envelope.full_clean()
    envelope.save()
    return envelope


@transaction.atomic
def line_save(*, year: BudgetYear, name: str, planned_amount, category: str, overspend_rule: str,
              line: BudgetLine | None = None) -> BudgetLine:
    """Create or change a budget line of an open year. A "refuse" line's planned amount cannot go
    below what it already spent and committed."""
    errors = _Errors()
    _open_year(year, errors, "planned_amount")
    money = _check_amount(errors, planned_amount, "planned_amount", allow_zero=True)
    if line is not None:
        if line.year_id != year.pk:
            errors.add("year", _("Cette ligne n'appartient pas à cet exercice."))
        line = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if money is not None and overspend_rule == OverspendRule.REFUSE:
            figures = line_figures([line])[line.pk]
            figures.planned = money
            if figures.available < 0:
                errors.add("planned_amount", _(
                    "Ce montant est inférieur à ce que la ligne a déjà dépensé ou engagé : au moins %(min)s.")
                    % {"min": format_euros(money - figures.available)})
    name = (name or "").strip()
    if name and BudgetLine.objects.filter(year=year, name__iexact=name).exclude(pk=getattr(line, "pk", None)).exists():
        errors.add("name", _("Une ligne de cet exercice porte déjà ce nom."))
    errors.raise_if_any()
    line = line or BudgetLine(year=year)
    line.name, line.planned_amount, line.category, line.overspend_rule = name, money, category, overspend_rule
    line.full_clean()
    line.save()
    return line


# --- Decisions ------------------------------------------------------------------------------------

@transaction.atomic
def decision_save(*, decided_on: dt.date, title: str, text: str, amount, body: str = "residents_committee",
                  line: BudgetLine | None = None,
                  recorded_by: str = "", decision: Decision | None = None) -> Decision:
    """Record (or correct, while its year is open) a residents' decision, by hand."""
    errors = _Errors()
    year = BudgetYear.objects.filter(year=decided_on.year).first() if decided_on else None
    if decided_on and year is None:
        errors.add("decided_on", _("Aucun exercice %(year)s : créez-le d'abord.") % {"year": decided_on.year})
    elif year is not None:
        _open_year(year, errors, "decided_on")
    money = _check_amount(errors, amount)
    if line is not None and year is not None and line.year_id != year.pk:
        errors.add("line", _("Cette ligne appartient à l'exercice %(year)s.") % {"year": line.year.year})
    if decision is not None:
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.year.is_closed:
            errors.add("decided_on", _closed_message(decision.year.year))
        elif year is not None and decision.year_id != year.pk:
            errors.add("decided_on", _("Une décision reste dans son exercice (%(year)s).") % {"year": decision.year.year})
        elif money is not None:
            spent = decision.amount - decision_remaining(decision)
            if money < spent:
                errors.add("amount", _("Des dépenses citent déjà cette décision pour %(spent)s.")
                           % {"spent": format_euros(spent)})
    if not (title or "").strip():
        errors.add("title", _("Indiquez l'objet de la décision."))
    if not (text or "").strip():
        errors.add("text", _("Recopiez le texte de la décision."))
    errors.raise_if_any()
    decision = decision or Decision(year=year, recorded_by=recorded_by)
    decision.decided_on, decision.body, decision.title = decided_on, body, title.strip()
    decision.text, decision.amount, decision.line = text.strip(), money, line
    decision.full_clean()
    decision.save()
    return decision


# --- Ledger ---------------------------------------------------------------------------------------

def _overspend_check(errors: _Errors, *, line: BudgetLine, available: Decimal, amount: Decimal, reason: str,
                     what: str) -> None:
    if amount <= available:
        return
    if line.overspend_rule == OverspendRule.REFUSE:
        errors.add("amount", _(
            "Dépassement refusé : il reste %(available)s disponibles sur la ligne « %(line)s », %(what)s de "
            "%(amount)s ne passe pas.") % {"available": format_euros(max(available, Decimal(0))),
                                           "line": line.name, "what": what, "amount": format_euros(amount)})
    elif not reason.strip():
        errors.add("overspend_reason", _(
            "Cette écriture dépasse le disponible de la ligne « %(line)s » (%(available)s) : indiquez la raison "
            "du dépassement.") % {"line": line.name, "available": format_euros(available)})


def _line_entry(
    *, kind: str, line: BudgetLine, date: dt.date, amount, label: str, supplier: str = "", payment_method: str = "",
    commitment_kind: str = "", commitment: BudgetEntry | None = None, decision: Decision | None = None,
    activity=None, project=None, overspend_reason: str = "", note: str = "", recorded_by: str = "", receipt=None,
    actor=None,
) -> BudgetEntry:
    errors = _Errors()
    money = _check_amount(errors, amount)
    _check_receipt(errors, receipt, actor)
    if date is None:
        errors.add("date", _("Indiquez la date."))
    if not (label or "").strip():
        errors.add("label", _("Indiquez un libellé."))
    errors.raise_if_any()
    year = line.year
    _lock_year_shared(year)
    if year.is_closed:
        errors.add("date" if date.year == year.year else "line", _closed_message(year.year))
    elif date.year != year.year:
        date_year = BudgetYear.objects.filter(year=date.year).first()
        if date_year is not None and date_year.is_closed:
            errors.add("date", _closed_message(date.year))
        else:
            errors.add("date", _("La date doit tomber dans l'exercice de la ligne (%(year)s).") % {"year": year.year})
    errors.raise_if_any()
    # The line's row lock: two writes on one line run one after the other and see each other's sums.
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    if decision is not None:
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.year_id != year.pk:
            errors.add("decision", _("Cette décision appartient à l'exercice %(year)s.") % {"year": decision.year.year})
        elif kind == EntryKind.EXPENSE and money > decision_remaining(decision):
            errors.add("decision", _("Il ne reste que %(left)s sur la décision « %(title)s ».") % {
                "left": format_euros(decision_remaining(decision)), "title": decision.title})
    own_outstanding = Decimal(0)
    if commitment is not None:
        outstanding = outstanding_by_commitment(lines=[line.pk])
        if (commitment.kind != EntryKind.COMMITMENT or commitment.line_id != line.pk
                or commitment.pk not in outstanding):
            errors.add("commitment", _("Choisissez un engagement en cours de cette ligne."))
        else:
            own_outstanding = outstanding[commitment.pk][1]
    if kind in (EntryKind.EXPENSE, EntryKind.COMMITMENT) and money is not None:
        figures = line_figures([line])[line.pk]
        available = figures.available + min(money, own_outstanding)
        what = _("la dépense") if kind == EntryKind.EXPENSE else _("l'engagement")
        _overspend_check(errors, line=line, available=available, amount=money, reason=overspend_reason, what=what)
    errors.raise_if_any()
    entry = BudgetEntry(
        year=year, kind=kind, line=line, date=date, amount=money, label=label.strip(), supplier=supplier.strip(),
        payment_method=payment_method, commitment_kind=commitment_kind, commitment=commitment, decision=decision,
        activity=activity, project=project, overspend_reason=overspend_reason.strip(), note=note.strip(),
        recorded_by=recorded_by,
    )
    entry.receipt = _store_receipt(receipt, actor=actor, label=entry.label)
    entry.full_clean()
    entry.save()
    return entry


@atomic_with_files()
def commitment_create(*, line: BudgetLine, date: dt.date, amount, label: str, supplier: str = "",
                      commitment_kind: str = "quote", decision: Decision | None = None, activity=None, project=None,
                      overspend_reason: str = "", note: str = "", recorded_by: str = "", receipt=None, actor=None) -> BudgetEntry:
    """A quote accepted or an order placed: it reserves money on the line until expenses settle it."""
    return _line_entry(kind=EntryKind.COMMITMENT, line=line, date=date, amount=amount, label=label, supplier=supplier,
                       commitment_kind=commitment_kind or "quote", decision=decision, activity=activity,
                       project=project,
                       overspend_reason=overspend_reason, note=note, recorded_by=recorded_by, receipt=receipt,
                       actor=actor)


@atomic_with_files()
def expense_create(*, line: BudgetLine, date: dt.date, amount, label: str, supplier: str = "",
                   payment_method: str = "", commitment: BudgetEntry | None = None, decision: Decision | None = None,
                   activity=None, project=None, overspend_reason: str = "", note: str = "", recorded_by: str = "",
                   receipt=None, actor=None) -> BudgetEntry:
    """An amount paid (incl. VAT). On a "refuse" line it must fit in what is available; on a "warn"
    line going over needs a reason. Citing a decision, it must fit in what is left of it."""
    return _line_entry(kind=EntryKind.EXPENSE, line=line, date=date, amount=amount, label=label, supplier=supplier,
                       payment_method=payment_method, commitment=commitment, decision=decision, activity=activity,
                       project=project,
                       overspend_reason=overspend_reason, note=note, recorded_by=recorded_by, receipt=receipt,
                       actor=actor)


@atomic_with_files()
def refund_create(*, line: BudgetLine, date: dt.date, amount, label: str, supplier: str = "",
                  payment_method: str = "", note: str = "", recorded_by: str = "", receipt=None, actor=None) -> BudgetEntry:
    """Money given back on a line (a supplier's credit note, a deposit returned): it adds to the remaining."""
    return _line_entry(kind=EntryKind.REFUND, line=line, date=date, amount=amount, label=label, supplier=supplier,
                       payment_method=payment_method, note=note, recorded_by=recorded_by, receipt=receipt,
                       actor=actor)


def application_problem(application, *, income_kind: str) -> str:
    """Why this funding application cannot be cited by an income of this kind ("" if it can): only a
    grant received cites one, and only an application granted or partly granted. The one rule the
    screens, the API and the service share."""
    if application is None:
        return ""
    if income_kind != IncomeKind.GRANT:
        return _("Seule une recette « subvention reçue » cite un dossier de financement.")
    if application.stage not in FUNDING_GRANTED:
        return _("Le dossier « %(title)s » n'est pas accordé (%(stage)s) : seul un dossier accordé ou accordé en "
                 "partie peut être cité pour une subvention reçue.") % {
            "title": application.title, "stage": application.get_stage_display()}
    return ""


@atomic_with_files()
def income_create(*, date: dt.date, amount, label: str, income_kind: str, payment_method: str = "",
                  application=None, note: str = "", recorded_by: str = "", receipt=None, actor=None) -> BudgetEntry:
    """Own income of the tiers-lieu: room hire, coworking, the café's daily total, donations, grants.
    A grant received may cite the funding application that obtained it, once granted (or partly)."""
    errors = _Errors()
    problem = application_problem(application, income_kind=income_kind)
    if problem:
        errors.add("application", problem)
    money = _check_amount(errors, amount)
    _check_receipt(errors, receipt, actor)
    year = None
    if date is None:
        errors.add("date", _("Indiquez la date."))
    else:
        year = BudgetYear.objects.filter(year=date.year).first()
        if year is None:
            errors.add("date", _("Aucun exercice %(year)s : créez-le d'abord.") % {"year": date.year})
        else:
            _open_year(year, errors, "date")
    if not income_kind:
        errors.add("income_kind", _("Choisissez le type de recette."))
    if not (label or "").strip():
        errors.add("label", _("Indiquez un libellé."))
    errors.raise_if_any()
    entry = BudgetEntry(year=year, kind=EntryKind.INCOME, date=date, amount=money, label=label.strip(),
                        income_kind=income_kind, payment_method=payment_method, application=application,
                        note=note.strip(), recorded_by=recorded_by)
    entry.receipt = _store_receipt(receipt, actor=actor, label=entry.label)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_correct(*, entry: BudgetEntry, reason: str, date: dt.date | None = None,
                  recorded_by: str = "") -> BudgetEntry:
    """Cancel an entry by a counter-entry: same kind, line, decision and links, opposite amount.
    The entry itself never changes. Re-enter the right figures as a new entry if needed."""
    errors = _Errors()
    entry = BudgetEntry.objects.select_related("year", "line").get(pk=entry.pk)
    year = entry.year
    _lock_year_shared(year)
    if year.is_closed:
        errors.add("entry", _closed_message(year.year))
    if entry.corrects_id:
        errors.add("entry", _("Une contre-passation ne se contre-passe pas : saisissez une nouvelle écriture."))
    elif BudgetEntry.objects.filter(corrects=entry).exists():
        errors.add("entry", _("Cette écriture est déjà contre-passée."))
    if entry.kind == EntryKind.COMMITMENT and entry.settlements.filter(corrects__isnull=True).exclude(
            correction__isnull=False).exists():
        errors.add("entry", _("Des dépenses soldent cet engagement : contre-passez-les d'abord."))
    if entry.kind == EntryKind.CARRY_OVER:
        errors.add("entry", _("Un report se corrige en rouvrant la clôture, pas par contre-passation."))
    if not (reason or "").strip():
        errors.add("reason", _("Indiquez la raison de la correction."))
    date = date or timezone.localdate()
    if date.year != year.year:
        date = dt.date(year.year, 12, 31) if date.year > year.year else dt.date(year.year, 1, 1)
    errors.raise_if_any()
    if entry.line_id:
        line = BudgetLine.objects.select_for_update().get(pk=entry.line_id)
        if entry.kind == EntryKind.REFUND and line.overspend_rule == OverspendRule.REFUSE:
            available = line_figures([line])[line.pk].available
            if entry.amount > available:
                raise ValidationError({"entry": _(
                    "Annuler ce remboursement ferait passer la ligne « %(line)s » sous zéro (disponible : "
                    "%(available)s) : contre-passez d'abord une dépense ou un engagement.")
                    % {"line": line.name, "available": format_euros(available)}})
    counter = BudgetEntry(
        year=year, kind=entry.kind, line=entry.line, date=date, amount=-entry.amount,
        label=(_("Contre-passation : %(label)s") % {"label": entry.label})[:200],
        supplier=entry.supplier, payment_method=entry.payment_method, commitment_kind=entry.commitment_kind,
        income_kind=entry.income_kind, commitment=entry.commitment, decision=entry.decision, activity=entry.activity,
        project=entry.project, application=entry.application,
        corrects=entry, note=reason.strip(), recorded_by=recorded_by,
    )
    counter.full_clean()
    counter.save()
    return counter


@transaction.atomic
def year_close(*, year: BudgetYear, closed_by: str = "", carry_over: bool = False) -> BudgetEntry | None:
    """Close a year: from now on nothing of it changes. With `carry_over`, the remainder (total
    remaining, if positive) becomes an explicit "carry-over" entry of the next year, which must exist
    and be open. Returns that entry (or None)."""
    year = BudgetYear.objects.select_for_update().get(pk=year.pk)
    if year.is_closed:
        raise ValidationError({"year": _("L'exercice %(year)s est déjà clôturé.") % {"year": year.year}})
    carried = None
    if carry_over:
        summary = year_summary(year)
        remainder = summary.total.remaining
        following = BudgetYear.objects.select_for_update().filter(year=year.year + 1).first()
        if following is None or following.is_closed:
            raise ValidationError({"carry_over": _(
                "Pour reporter le reliquat, créez d'abord l'exercice %(next)s (ouvert).") % {"next": year.year + 1}})
        if remainder <= 0:
            raise ValidationError({"carry_over": _("Aucun reliquat à reporter (reste : %(left)s).")
                                   % {"left": format_euros(remainder)}})
        carried = BudgetEntry(year=following, kind=EntryKind.CARRY_OVER, date=dt.date(following.year, 1, 1),
                              amount=remainder, recorded_by=closed_by,
                              label=_("Report du reliquat de l'exercice %(year)s") % {"year": year.year})
        carried.full_clean()
        carried.save()
    year.status, year.closed_at, year.closed_by = YearStatus.CLOSED, timezone.now(), closed_by
    year.save(update_fields=["status", "closed_at", "closed_by"])
    return carried


@atomic_with_files()
def entry_receipt_attach(*, entry: BudgetEntry, receipt, actor) -> BudgetEntry:
    """Attach the receipt that came after the entry (an invoice received later). Only once, only
    while the year is open: the entry's figures never change."""
    errors = _Errors()
    entry = BudgetEntry.objects.select_for_update().select_related("year").get(pk=entry.pk)
    _open_year(entry.year, errors, "receipt")
    if entry.receipt_id:
        errors.add("receipt", _("Cette écriture a déjà un justificatif."))
    if receipt is None:
        errors.add("receipt", _("Choisissez un fichier."))
    _check_receipt(errors, receipt, actor)
    errors.raise_if_any()
    entry.receipt = _store_receipt(receipt, actor=actor, label=entry.label)
    entry.save(update_fields=["receipt"])
    return entry
