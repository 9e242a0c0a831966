from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.partners.models import Partner
from core.safety.models import CheckKind, CheckOutcome, Incident, IncidentSeverity, IncidentStatus
from core.spaces.models import Space

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RulesForm(forms.Form):
    max_occupancy = forms.IntegerField(label=_("Capacité maximale (personnes)"), min_value=1)
    equipment = forms.CharField(label=_("Équipements de sécurité"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    allowed = forms.CharField(label=_("Ce qui est autorisé"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    forbidden = forms.CharField(label=_("Ce qui est interdit"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))


class AcknowledgementForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partenaire (tiers intervenant)"), queryset=Partner.objects.none())
    acknowledged_by = forms.CharField(label=_("Nom de la personne qui a lu et accepté les règles"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True).order_by("-runs_workshops", "name")


class CheckForm(forms.Form):
    label = forms.CharField(label=_("Intitulé"), max_length=160)
    kind = forms.ChoiceField(label=_("Type"), choices=CheckKind.choices)
    space = forms.ModelChoiceField(label=_("Espace"), required=False, queryset=Space.objects.none())
    frequency_days = forms.IntegerField(label=_("Fréquence (jours)"), min_value=1,
                                        help_text=_("7 : chaque semaine, 30 : chaque mois, 365 : chaque année."))
    next_due_on = forms.DateField(label=_("Première échéance"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = Space.objects.order_by("name")


class CheckRecordForm(forms.Form):
    done_on = forms.DateField(label=_("Fait le"), widget=DATE, initial=timezone.localdate)
    checked_by = forms.CharField(label=_("Contrôlé par"), max_length=150)
    outcome = forms.ChoiceField(label=_("Résultat"), choices=CheckOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CheckFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(CheckKind.choices))
    space = forms.ModelChoiceField(label=_("Espace"), required=False, queryset=Space.objects.all(),
                                   empty_label=_("Tous"))
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["title", "space", "occurred_at", "severity", "description", "actions_taken", "status"]
        widgets = {"occurred_at": DATETIME, "description": forms.Textarea(attrs={"rows": 3}),
                   "actions_taken": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        # Validation is the service's (incident_create / incident_update): the instance stays untouched here.
        pass


class IncidentFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    status = forms.ChoiceField(label=_("Statut"), required=False,
                               choices=[("", _("Tous"))] + list(IncidentStatus.choices))
    severity = forms.ChoiceField(label=_("Gravité"), required=False,
                                 choices=[("", _("Toutes"))] + list(IncidentSeverity.choices))
    space = forms.ModelChoiceField(label=_("Espace"), required=False, queryset=Space.objects.all(),
                                   empty_label=_("Tous"))


