from django import forms
from django.utils.translation import gettext_lazy as _

from core.documents.detection import ALL_TYPES
from core.documents.models import DocumentKind


class DocumentUploadForm(forms.Form):
    """The upload part of any form that attaches a document: the checks are the service's
    (document_store), this form only parses the input."""

    file = forms.FileField(label=_("Fichier"), help_text=_("PDF, JPEG, PNG, Word, Excel ou OpenDocument ; 10 Mo au plus."),
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ",".join(t.extension for t in ALL_TYPES)}))
    title = forms.CharField(label=_("Titre"), max_length=200, required=False,
                            help_text=_("Par défaut, le nom du fichier."))
    kind = forms.ChoiceField(label=_("Type de document"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
