from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class TOTPCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de vérification"),
        max_length=8,
        validators=[RegexValidator(r"^\d{6,8}$", _("Le code comporte 6 chiffres."))],
        help_text=_("Les 6 chiffres affichés par votre application d'authentification."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "")
