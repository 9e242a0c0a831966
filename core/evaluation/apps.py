from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "core.evaluation"
    label = "evaluation"
    verbose_name = _("Évaluation")

    def ready(self):
        from core.evaluation.services import resident_survey_responses_unlink
        from core.privacy.registry import ContactSource, register_contact_source, register_erasure_hook

        register_contact_source(ContactSource("evaluation.SurveyResponse", "resident", "answered_on"))
        register_erasure_hook(resident_survey_responses_unlink)
