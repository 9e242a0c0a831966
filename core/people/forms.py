from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import AgeBand, ContactChannel, Interest, Language, Resident


class ResidentForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.MultipleChoiceField(
        label=_("Centres d'intérêt"), choices=Interest.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Resident
        fields = ["first_name", "last_name_initial", "pseudonym", "age_band", "consent_on", "household_minors",
                  "household_adults", "household_seniors", "contact_channel", "phone", "email", "languages",
                  "interests"]
        widgets = {"consent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["consent_on"].initial = timezone.localdate()
        self.fields["consent_on"].help_text = _("Date à laquelle la personne a accepté d'être enregistrée.")
        for name in ("household_minors", "household_adults", "household_seniors"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 20, "inputmode": "numeric"})


class ResidentFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    age_band = forms.ChoiceField(label=_("Tranche d'âge"), required=False, choices=[("", _("Toutes"))] + list(AgeBand.choices))
    interest = forms.ChoiceField(label=_("Centre d'intérêt"), required=False,
                                 choices=[("", _("Tous"))] + list(Interest.choices))
    language = forms.ChoiceField(label=_("Langue"), required=False, choices=[("", _("Toutes"))] + list(Language.choices))
    contact_channel = forms.ChoiceField(label=_("Canal de contact"), required=False,
                                        choices=[("", _("Tous"))] + list(ContactChannel.choices))
    not_seen_weeks = forms.IntegerField(
        label=_("Pas vu·e depuis (semaines)"), required=False, min_value=1, max_value=520,
        help_text=_("Dernière présence à une animation ou passage à la permanence plus ancien, ou jamais."),
    )
