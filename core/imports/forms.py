from django import forms
from django.utils.translation import gettext_lazy as _

from core.imports.parsing import MAX_BYTES
from core.imports.specs import SPECS


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Données importées"), choices=[(k, s.label) for k, s in SPECS.items()])
    file = forms.FileField(label=_("Fichier CSV ou XLSX"), help_text=_("2 Mo au plus ; la première ligne donne les noms des colonnes, comme dans le modèle."))
    check_only = forms.BooleanField(label=_("Vérifier seulement, sans enregistrer"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo."))
        return upload
