from django import forms
from django.utils.translation import gettext_lazy as _


class RegenerateFeedForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je comprends que l'ancien lien cessera de fonctionner pour tous ceux qui l'utilisent."),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )
