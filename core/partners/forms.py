from django import forms
from django.utils.translation import gettext_lazy as _

from core.partners.models import Partner, PartnerKind


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact_name", "email", "phone", "runs_workshops", "is_active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PartnerFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(PartnerKind.choices))
    runs_workshops = forms.NullBooleanField(
        label=_("Tiers intervenant"), required=False,
        widget=forms.Select(choices=[("", _("Tous")), ("true", _("oui")), ("false", _("non"))]),
    )
    active_only = forms.BooleanField(label=_("Actifs seulement"), required=False)
