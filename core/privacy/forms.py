from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.privacy.models import Autonomy, ConsentScope


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Objet du consentement"), choices=ConsentScope.choices)
    given_on = forms.DateField(label=_("Donné le"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("La date du consentement ne peut pas être dans le futur."))
        return given_on


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Retiré le"), widget=forms.DateInput(attrs={"type": "date"}))


class SensitiveRecordForm(forms.Form):
    autonomy = forms.ChoiceField(label=_("Autonomie"), choices=[("", _("Non renseignée"))] + list(Autonomy.choices),
                                 required=False)
    health_situation = forms.CharField(label=_("Situation liée à la santé"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    free_note = forms.CharField(label=_("Note libre"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=4000)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme que la personne a demandé l'effacement de ses données."), required=True,
        error_messages={"required": _("Cochez la case pour confirmer l'effacement.")},
    )
