from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "core.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from core.documents.services import resident_documents_erase
        from core.privacy.registry import register_erasure_hook

        register_erasure_hook(resident_documents_erase)
