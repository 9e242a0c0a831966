from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import AgeBand, Resident


class ResidentForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["first_name", "last_name_initial", "pseudonym", "age_band", "consent_on"]
        widgets = {"consent_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_on"].initial = timezone.localdate()
        self.fields["consent_on"].help_text = _("Date à laquelle la personne a accepté d'être enregistrée.")


class ResidentFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    age_band = forms.ChoiceField(label=_("Tranche d'âge"), required=False, choices=[("", _("Toutes"))] + list(AgeBand.choices))
