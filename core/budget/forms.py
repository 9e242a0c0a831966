from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.activities.models import Activity
from core.budget.models import (
    BudgetEntry,
    BudgetLine,
    BudgetYear,
    CommitmentKind,
    Decision,
    DecisionBody,
    EntryKind,
    FundingSource,
    IncomeKind,
    LineCategory,
    OverspendRule,
    PaymentMethod,
    YearStatus,
)
from core.budget.money import amount_problem, to_money
from core.funding.models import GRANTED as FUNDING_GRANTED
from core.funding.selectors import application_list
from core.projects.selectors import project_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_HERE = _("Ce choix n'existe pas dans cette résidence ou n'est plus modifiable.")


class AmountField(forms.CharField):
    """An amount in euros typed the French way (« 12,50 », « 1 200 »): the rules are money.amount_problem's."""

    def __init__(self, *args, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        kwargs.setdefault("help_text", _("En euros TTC, par exemple 12,50."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        text = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")
        problem = amount_problem(text, allow_zero=self.allow_zero)
        if problem:
            raise forms.ValidationError(problem)
        return to_money(text)


def _choice(label, queryset, required=True, **kwargs):
    return forms.ModelChoiceField(label=label, queryset=queryset, required=required,
                                  error_messages={"invalid_choice": NOT_HERE}, **kwargs)


def open_lines():
    return BudgetLine.objects.filter(year__status=YearStatus.OPEN).select_related("year").order_by("-year__year", "name")


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EnvelopeForm(forms.Form):
    source = forms.ChoiceField(label=_("Financeur"), choices=FundingSource.choices)
    label = forms.CharField(label=_("Intitulé"), required=False, max_length=200,
                            help_text=_("Par exemple : convention 2026 avec le bailleur."))
    amount = AmountField(label=_("Montant (€)"), allow_zero=True)


class LineForm(forms.Form):
    name = forms.CharField(label=_("Intitulé"), max_length=120)
    category = forms.ChoiceField(label=_("Catégorie"), choices=LineCategory.choices)
    planned_amount = AmountField(label=_("Montant prévu (€)"), allow_zero=True)
    overspend_rule = forms.ChoiceField(label=_("En cas de dépassement"), choices=OverspendRule.choices,
                                       widget=forms.RadioSelect, initial=OverspendRule.REFUSE)


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Date de la décision"), widget=DATE)
    body = forms.ChoiceField(label=_("Instance"), choices=DecisionBody.choices)
    title = forms.CharField(label=_("Objet"), max_length=200)
    text = forms.CharField(label=_("Texte de la décision"), widget=forms.Textarea(attrs={"rows": 4}))
    amount = AmountField(label=_("Montant alloué (€)"))
    line = _choice(_("Ligne budgétaire"), BudgetLine.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = open_lines()


class _LineEntryForm(forms.Form):
    line = _choice(_("Ligne budgétaire"), BudgetLine.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE)
    amount = AmountField(label=_("Montant TTC (€)"))
    label = forms.CharField(label=_("Libellé"), max_length=200)
    supplier = forms.CharField(label=_("Fournisseur"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = open_lines()


RECEIPT_HELP = _("PDF, JPEG ou PNG ; 10 Mo au plus.")


def _receipt_field():
    return forms.FileField(label=_("Justificatif"), required=False, help_text=RECEIPT_HELP,
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))


def _projects():
    """Residents' projects of this residence, read through the projects app's selector."""
    return project_list()


def _granted_applications():
    """Funding applications granted or partly granted: the only ones a grant received may cite."""
    return application_list().filter(stage__in=FUNDING_GRANTED)


def _decisions():
    return Decision.objects.filter(year__status=YearStatus.OPEN).order_by("-decided_on")


class ExpenseForm(_LineEntryForm):
    payment_method = forms.ChoiceField(label=_("Moyen de paiement"), choices=[("", "—")] + list(PaymentMethod.choices),
                                       required=False)
    decision = _choice(_("Décision des habitant·es citée"), Decision.objects.none(), required=False)
    commitment = _choice(_("Engagement soldé"), BudgetEntry.objects.none(), required=False)
    activity = _choice(_("Animation liée"), Activity.objects.none(), required=False)
    project = _choice(_("Projet d'habitant·es lié"), Activity.objects.none(), required=False)
    receipt = _receipt_field()
    overspend_reason = forms.CharField(label=_("Raison du dépassement"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       help_text=_("Seulement si la ligne le demande."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = _decisions()
        self.fields["commitment"].queryset = BudgetEntry.objects.filter(
            kind=EntryKind.COMMITMENT, corrects__isnull=True, correction__isnull=True,
            year__status=YearStatus.OPEN).select_related("line").order_by("-date")
        self.fields["activity"].queryset = Activity.objects.order_by("-starts_at")
        self.fields["project"].queryset = _projects()


class CommitmentForm(_LineEntryForm):
    commitment_kind = forms.ChoiceField(label=_("Type d'engagement"), choices=CommitmentKind.choices)
    decision = _choice(_("Décision des habitant·es citée"), Decision.objects.none(), required=False)
    activity = _choice(_("Animation liée"), Activity.objects.none(), required=False)
    project = _choice(_("Projet d'habitant·es lié"), Activity.objects.none(), required=False)
    receipt = _receipt_field()
    overspend_reason = forms.CharField(label=_("Raison du dépassement"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = _decisions()
        self.fields["activity"].queryset = Activity.objects.order_by("-starts_at")
        self.fields["project"].queryset = _projects()


class RefundForm(_LineEntryForm):
    payment_method = forms.ChoiceField(label=_("Moyen de paiement"), choices=[("", "—")] + list(PaymentMethod.choices),
                                       required=False)
    receipt = _receipt_field()
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class IncomeForm(forms.Form):
    income_kind = forms.ChoiceField(label=_("Type de recette"), choices=IncomeKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, help_text=_("Pour le café : le jour de la recette."))
    amount = AmountField(label=_("Montant (€)"), help_text=_("Pour le café : le total du jour."))
    label = forms.CharField(label=_("Libellé"), max_length=200)
    payment_method = forms.ChoiceField(label=_("Moyen de paiement"), choices=[("", "—")] + list(PaymentMethod.choices),
                                       required=False)
    application = _choice(_("Dossier de financement (subvention reçue)"), BudgetEntry.objects.none(), required=False,
                          help_text=_("Pour une subvention reçue : le dossier accordé qui l'a obtenue."))
    receipt = _receipt_field()
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = _granted_applications()


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Raison de la correction"), widget=forms.Textarea(attrs={"rows": 2}))
    date = forms.DateField(label=_("Date de la contre-passation"), widget=DATE, required=False,
                           help_text=_("Par défaut aujourd'hui (ramenée dans l'exercice de l'écriture)."))


class ReceiptForm(forms.Form):
    receipt = forms.FileField(label=_("Justificatif"), help_text=RECEIPT_HELP,
                              widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))


class CloseForm(forms.Form):
    carry_over = forms.BooleanField(label=_("Reporter le reliquat sur l'exercice suivant"), required=False)
    confirm = forms.BooleanField(label=_("Je confirme la clôture : l'exercice ne pourra plus changer."))


class EntryFilterForm(forms.Form):
    """One filter form for the ledger page, its export and the API."""

    year = forms.ModelChoiceField(label=_("Exercice"), required=False, queryset=BudgetYear.objects.all(),
                                  empty_label=_("Tous"))
    line = forms.ModelChoiceField(label=_("Ligne"), required=False, queryset=BudgetLine.objects.select_related("year"),
                                  empty_label=_("Toutes"))
    kind = forms.ChoiceField(label=_("Nature"), required=False, choices=[("", _("Toutes"))] + list(EntryKind.choices))
    decision = forms.ModelChoiceField(label=_("Décision"), required=False, queryset=Decision.objects.all(),
                                      empty_label=_("Toutes"))
    project = forms.ModelChoiceField(label=_("Projet"), required=False, queryset=BudgetEntry.objects.none(),
                                     empty_label=_("Tous"))
    search = forms.CharField(label=_("Rechercher"), required=False)
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = _projects()


class LineFilterForm(forms.Form):
    year = forms.ModelChoiceField(label=_("Exercice"), required=False, queryset=BudgetYear.objects.all(),
                                  empty_label=_("Tous"))
    search = forms.CharField(label=_("Rechercher"), required=False)
    category = forms.ChoiceField(label=_("Catégorie"), required=False,
                                 choices=[("", _("Toutes"))] + list(LineCategory.choices))


class YearFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous"))] + list(YearStatus.choices))


class DecisionFilterForm(forms.Form):
    year = forms.ModelChoiceField(label=_("Exercice"), required=False, queryset=BudgetYear.objects.all(),
                                  empty_label=_("Tous"))
    search = forms.CharField(label=_("Rechercher"), required=False)
    body = forms.ChoiceField(label=_("Instance"), required=False,
                             choices=[("", _("Toutes"))] + list(DecisionBody.choices))
