from django import forms
from django.utils.translation import gettext_lazy as _

from apes_platform.forms import DistinctIds
from core.funding.models import ApplicationStage, CallSource, CallStatus, EligibleApplicant, FundingSource
from core.partners.models import Partner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EURO = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class CallForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=300)
    funder = forms.ModelChoiceField(label=_("Financeur (partenaire)"), queryset=Partner.objects.none(), required=False)
    funder_name = forms.CharField(label=_("Financeur (s'il n'est pas un partenaire)"), max_length=300, required=False)
    url = forms.URLField(label=_("Lien"), max_length=500, required=False, assume_scheme="https")
    themes = forms.CharField(label=_("Thèmes"), required=False, help_text=_("Séparés par des virgules."))
    eligible = forms.MultipleChoiceField(label=_("Candidats éligibles"), choices=EligibleApplicant.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)
    amount_min = forms.DecimalField(label=_("Montant minimum (€)"), required=False, **EURO)
    amount_max = forms.DecimalField(label=_("Montant maximum (€)"), required=False, **EURO)
    opens_on = forms.DateField(label=_("Ouverture"), required=False, widget=DATE)
    deadline = forms.DateField(label=_("Date limite"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Statut"), choices=CallStatus.choices, initial=CallStatus.WATCHED)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Partner.objects.order_by("name", "id")

    def clean_themes(self):
        return [t.strip() for t in self.cleaned_data["themes"].split(",") if t.strip()]


class CallFollowForm(forms.Form):
    """What the coordinator owns on an imported call: status and notes."""

    status = forms.ChoiceField(label=_("Statut"), choices=CallStatus.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CallFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous"))] + list(CallStatus.choices))
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("Toutes"))] + list(CallSource.choices))
    eligible = forms.ChoiceField(label=_("Ouvert aux"), required=False,
                                 choices=[("", _("Tous"))] + list(EligibleApplicant.choices))
    updated_only = forms.BooleanField(label=_("Modifiés à la source"), required=False)
    deadline_from = forms.DateField(label=_("Date limite après le"), required=False, widget=DATE)
    deadline_to = forms.DateField(label=_("Date limite avant le"), required=False, widget=DATE)


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Intitulé du dossier"), max_length=300, required=False,
                            help_text=_("Par défaut, l'intitulé de l'appel."))
    amount_requested = forms.DecimalField(label=_("Montant demandé (€)"), **EURO)
    project = forms.ModelChoiceField(label=_("Projet financé"), queryset=None, required=False)
    co_applicants = forms.ModelMultipleChoiceField(label=_("Co-porteurs (partenaires)"), queryset=Partner.objects.none(),
                                                   required=False, widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from core.projects.models import ResidentProject

        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = ResidentProject.objects.order_by("title", "id")
        self.fields["co_applicants"].queryset = Partner.objects.order_by("name", "id")


class StageForm(DistinctIds, forms.Form):
    id_prefix = "stage"
    stage = forms.ChoiceField(label=_("Nouvelle étape"), choices=ApplicationStage.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    amount_granted = forms.DecimalField(label=_("Montant accordé (€)"), required=False, **EURO)


class ApplicationFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    stage = forms.ChoiceField(label=_("Étape"), required=False,
                              choices=[("", _("Toutes"))] + list(ApplicationStage.choices))
    decided_from = forms.DateField(label=_("Décision après le"), required=False, widget=DATE)
    decided_to = forms.DateField(label=_("Décision avant le"), required=False, widget=DATE)


class ReportDueForm(DistinctIds, forms.Form):
    id_prefix = "report"
    label = forms.CharField(label=_("Compte rendu"), max_length=200, initial=_("bilan final"))
    due_on = forms.DateField(label=_("À rendre le"), widget=DATE)


class FundingLineForm(DistinctIds, forms.Form):
    id_prefix = "funding"
    source = forms.ChoiceField(label=_("Source"), choices=FundingSource.choices)
    label = forms.CharField(label=_("Libellé"), max_length=200, required=False)
    application = forms.ModelChoiceField(label=_("Dossier (source « dossier de candidature »)"), queryset=None,
                                         required=False)
    planned = forms.DecimalField(label=_("Prévu (€)"), **EURO)
    obtained = forms.DecimalField(label=_("Obtenu (€)"), required=False, **EURO,
                                  help_text=_("Pour un dossier, c'est le montant accordé."))

    def __init__(self, *args, **kwargs):
        from core.funding.models import Application

        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.select_related("call").order_by("title", "id")


class FundingLineObtainedForm(forms.Form):
    planned = forms.DecimalField(label=_("Prévu (€)"), **EURO)
    obtained = forms.DecimalField(label=_("Obtenu (€)"), required=False, **EURO)
