"""Screens of the budget: the year at a glance, lines and envelopes, the ledger (page, CSV/XLSX),
entries (commitments, expenses, refunds, income), counter-entries, residents' decisions, closing,
and the printable budget statement (PDF) for the residents' committee."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.downloads import download_response
from apes_platform.exports import FORMATS, export_response
from apes_platform.forms import add_service_errors, user_label
from apes_platform.lists import render_filtered_list
from core.budget import selectors, services
from core.budget.forms import (
    CloseForm,
    CommitmentForm,
    CorrectionForm,
    DecisionFilterForm,
    DecisionForm,
    EntryFilterForm,
    EnvelopeForm,
    ExpenseForm,
    IncomeForm,
    LineForm,
    ReceiptForm,
    RefundForm,
    YearForm,
)

LEDGER_COLUMNS = [
    (gettext_lazy("Date"), lambda e: e.date),
    (gettext_lazy("Exercice"), lambda e: e.year.year),
    (gettext_lazy("Nature"), lambda e: e.get_kind_display()),
    (gettext_lazy("Ligne"), lambda e: e.line.name if e.line_id else ""),
    (gettext_lazy("Libellé"), lambda e: e.label),
    (gettext_lazy("Fournisseur"), lambda e: e.supplier),
    (gettext_lazy("Moyen de paiement"), lambda e: e.get_payment_method_display()),
    (gettext_lazy("Type de recette"), lambda e: e.get_income_kind_display()),
    (gettext_lazy("Décision des habitant·es"), lambda e: str(e.decision) if e.decision_id else ""),
    (gettext_lazy("Animation"), lambda e: str(e.activity) if e.activity_id else ""),
    (gettext_lazy("Projet d'habitant·es"), lambda e: e.project.title if e.project_id else ""),
    (gettext_lazy("Dossier de financement"), lambda e: e.application.title if e.application_id else ""),
    (gettext_lazy("Montant (€)"), lambda e: e.amount),
    (gettext_lazy("Contre-passation de"), lambda e: f"n° {e.corrects_id}" if e.corrects_id else ""),
    (gettext_lazy("Justificatif"), lambda e: _("oui") if e.receipt_id else _("non")),
    (gettext_lazy("N° d'écriture"), lambda e: e.pk),
    (gettext_lazy("Saisie par"), lambda e: e.recorded_by),
]
LINE_COLUMNS = [
    (gettext_lazy("Ligne"), lambda r: r.line.name if r.line else _("Total")),
    (gettext_lazy("Catégorie"), lambda r: r.line.get_category_display() if r.line else ""),
    (gettext_lazy("Prévu (€)"), lambda r: r.figures.planned),
    (gettext_lazy("Engagé (€)"), lambda r: r.figures.committed),
    (gettext_lazy("Dépensé (€)"), lambda r: r.figures.spent),
    (gettext_lazy("Remboursements (€)"), lambda r: r.figures.refunds),
    (gettext_lazy("Reste (€)"), lambda r: r.figures.remaining),
    (gettext_lazy("Engagements en cours (€)"), lambda r: r.figures.outstanding),
    (gettext_lazy("Disponible (€)"), lambda r: r.figures.available),
]


def index(request):
    """The budget's home: the current year at a glance, or the list of years to start one."""
    year = selectors.current_year()
    if year is not None and not request.GET:
        return redirect("budget:year", year_id=year.pk)
    return years(request)


def years(request):
    form = YearForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            year = services.budget_year_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Exercice %(year)s créé.") % {"year": year.year})
            return redirect("budget:year", year_id=year.pk)
    return render(request, "budget/year_list.html", {"years": selectors.year_list(), "form": form})


def year_detail(request, year_id: int):
    year = selectors.access_year_by_id(actor=request.user, id=year_id)
    summary = selectors.year_summary(year)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        rows = [*summary.rows, selectors.LineRow(line=None, figures=summary.total)]
        return export_response(rows, LINE_COLUMNS, filename=f"budget-{year.year}-lignes", fmt=fmt)
    return render(request, "budget/year_detail.html", {"year": year, "summary": summary})


def _save_form(request, form, save, *, success, redirect_to, template, context):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success(saved))
            return redirect_to(saved)
    return render(request, template, {"form": form, **context})


def envelope_new(request, year_id: int, envelope_id: int | None = None):
    year = selectors.access_year_by_id(actor=request.user, id=year_id)
    envelope = selectors.access_envelope_by_id(actor=request.user, id=envelope_id) if envelope_id else None
    if envelope is not None and envelope.year_id != year.pk:
        from django.http import Http404

        raise Http404(_("Enveloppe introuvable"))
    initial = {"source": envelope.source, "label": envelope.label, "amount": envelope.amount} if envelope else {}
    form = EnvelopeForm(request.POST or None, initial=initial)
    return _save_form(
        request, form, lambda data: services.envelope_save(year=year, envelope=envelope, **data),
        success=lambda e: _("Enveloppe « %(name)s » enregistrée.") % {"name": e},
        redirect_to=lambda e: redirect("budget:year", year_id=year.pk),
        template="budget/form.html",
        context={"year": year, "title": _("Enveloppe de l'exercice %(year)s") % {"year": year.year}},
    )


def envelope_edit(request, envelope_id: int):
    envelope = selectors.access_envelope_by_id(actor=request.user, id=envelope_id)
    return envelope_new(request, envelope.year_id, envelope_id=envelope.pk)


def line_new(request, year_id: int, line=None):
    year = selectors.access_year_by_id(actor=request.user, id=year_id) if line is None else line.year
    initial = {"name": line.name, "category": line.category, "planned_amount": line.planned_amount,
               "overspend_rule": line.overspend_rule} if line else {}
    form = LineForm(request.POST or None, initial=initial)
    return _save_form(
        request, form, lambda data: services.line_save(year=year, line=line, **data),
        success=lambda saved: _("Ligne « %(name)s » enregistrée.") % {"name": saved.name},
        redirect_to=lambda saved: redirect("budget:year", year_id=year.pk),
        template="budget/form.html",
        context={"year": year, "title": (_("Ligne « %(name)s »") % {"name": line.name}) if line else
                 _("Nouvelle ligne de l'exercice %(year)s") % {"year": year.year}},
    )


def line_edit(request, line_id: int):
    return line_new(request, None, line=selectors.access_line_by_id(actor=request.user, id=line_id))


def ledger(request):
    """The ledger: filtered entries, paginated on screen, whole in CSV/XLSX (same rows, same amounts)."""
    filters = EntryFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    totals = selectors.entry_totals(selectors.entry_list(**criteria))
    return render_filtered_list(request, filter_form_class=EntryFilterForm, selector=selectors.entry_list,
                                template="budget/ledger.html", per_page=50, export_columns=LEDGER_COLUMNS,
                                export_filename="grand-livre", extra_context={"totals": totals})


def _entry_view(request, form_class, create, *, title: str, success: str):
    initial = {"date": timezone.localdate()}
    for name in ("line", "decision", "commitment", "project", "application"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = form_class(request.POST or None, request.FILES or None, initial=initial)

    def save(data):
        data = dict(data)
        if "receipt" in data and not data["receipt"]:
            data["receipt"] = None
        return create(recorded_by=user_label(request), actor=request.user, **data)

    return _save_form(
        request, form, save, success=lambda entry: success % {"label": entry.label},
        redirect_to=lambda entry: redirect("budget:entry", entry_id=entry.pk),
        template="budget/entry_form.html", context={"title": title},
    )


def expense_new(request):
    return _entry_view(request, ExpenseForm, services.expense_create, title=_("Nouvelle dépense"),
                       success=_("Dépense « %(label)s » enregistrée."))


def commitment_new(request):
    return _entry_view(request, CommitmentForm, services.commitment_create, title=_("Nouvel engagement (devis, bon de commande)"),
                       success=_("Engagement « %(label)s » enregistré."))


def refund_new(request):
    return _entry_view(request, RefundForm, services.refund_create, title=_("Nouveau remboursement"),
                       success=_("Remboursement « %(label)s » enregistré."))


def income_new(request):
    return _entry_view(request, IncomeForm, services.income_create, title=_("Nouvelle recette"),
                       success=_("Recette « %(label)s » enregistrée."))


def entry_detail(request, entry_id: int):
    entry = selectors.access_entry_by_id(actor=request.user, id=entry_id)
    form = ReceiptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_receipt_attach(entry=entry, receipt=form.cleaned_data["receipt"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Justificatif ajouté."))
            return redirect("budget:entry", entry_id=entry.pk)
    return render(request, "budget/entry_detail.html", {"entry": entry, "form": form})


def entry_correct(request, entry_id: int):
    """GET asks for the reason and a confirmation; POST writes the counter-entry."""
    entry = selectors.access_entry_by_id(actor=request.user, id=entry_id)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counter = services.entry_correct(entry=entry, recorded_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contre-passation enregistrée."))
            return redirect("budget:entry", entry_id=counter.pk)
    return render(request, "budget/entry_correct.html", {"entry": entry, "form": form})


def decisions(request):
    return render_filtered_list(request, filter_form_class=DecisionFilterForm, selector=selectors.decision_list,
                                template="budget/decision_list.html", per_page=25)


def decision_new(request, decision=None):
    initial = {"decided_on": timezone.localdate()}
    if decision is not None:
        initial = {f: getattr(decision, f) for f in ("decided_on", "body", "title", "text", "amount", "line")}
    form = DecisionForm(request.POST or None, initial=initial)
    return _save_form(
        request, form,
        lambda data: services.decision_save(decision=decision, recorded_by=user_label(request), **data),
        success=lambda d: _("Décision « %(title)s » enregistrée.") % {"title": d.title},
        redirect_to=lambda d: redirect("budget:decision", decision_id=d.pk),
        template="budget/form.html",
        context={"title": _("Décision des habitant·es") if decision else _("Nouvelle décision des habitant·es")},
    )


def decision_edit(request, decision_id: int):
    return decision_new(request, decision=selectors.access_decision_by_id(actor=request.user, id=decision_id))


def decision_detail(request, decision_id: int):
    decision = selectors.access_decision_by_id(actor=request.user, id=decision_id)
    decision = selectors.decision_list().get(pk=decision.pk)  # with its spent and left amounts
    entries = selectors.entry_list(decision=decision)
    # A decision created by a residents' vote links back to it (read through the voice app's selectors).
    from core.voice.selectors import consultation_decision_for_budget

    vote = consultation_decision_for_budget(budget_decision_id=decision.pk)
    return render(request, "budget/decision_detail.html", {"decision": decision, "entries": entries,
                                                           "left": decision.left, "vote": vote})


def year_close(request, year_id: int):
    year = selectors.access_year_by_id(actor=request.user, id=year_id)
    summary = selectors.year_summary(year)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.year_close(year=year, closed_by=user_label(request), carry_over=form.cleaned_data["carry_over"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Exercice %(year)s clôturé.") % {"year": year.year})
            return redirect("budget:year", year_id=year.pk)
    return render(request, "budget/year_close.html", {"year": year, "summary": summary, "form": form})


def statement_html(request, year) -> str:
    summary = selectors.year_summary(year)
    spent_by_decision = {d.pk: d.spent for d in summary.decisions}
    return render_to_string("budget/statement.html", {
        "year": year, "summary": summary, "residence": getattr(request, "tenant", None),
        "printed_at": timezone.localtime(), "spent_by_decision": spent_by_decision,
        "decision_entries": selectors.entry_list(year=year).filter(decision__isnull=False),
    }, request=request)


def statement_pdf(request, year_id: int):
    """The budget statement for the residents' committee: what was decided and what was spent."""
    from weasyprint import HTML

    year = selectors.access_year_by_id(actor=request.user, id=year_id)
    pdf = HTML(string=statement_html(request, year), base_url=request.build_absolute_uri("/")).write_pdf()
    return download_response(pdf, filename=f"etat-budgetaire-{year.year}.pdf", content_type="application/pdf",
                             inline=True)
