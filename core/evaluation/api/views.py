from rest_framework import mixins, viewsets

from apes_platform.api import ResidenceMemberPermission
from core.evaluation.api.serializers import (
    NarrativeSectionSerializer,
    SurveyResponseSerializer,
    SurveyWaveSerializer,
)
from core.evaluation.selectors import (
    access_survey_wave_by_id,
    narrative_section_list,
    survey_response_list,
    survey_wave_list,
)
from core.evaluation.services import narrative_section_save, survey_response_record, survey_wave_create


class SurveyWaveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        viewsets.GenericViewSet):
    """Waves of the social-ties questionnaire of this residence."""

    serializer_class = SurveyWaveSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        return survey_wave_list()

    def perform_create(self, serializer):
        serializer.instance = survey_wave_create(**serializer.validated_data)


class SurveyResponseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                            viewsets.GenericViewSet):
    """Answers to the questionnaire. Filters: `wave`, `search`, `often_lonely` (oui/non), `respondent` (connu/anonyme)."""

    serializer_class = SurveyResponseSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        params = self.request.query_params
        wave = access_survey_wave_by_id(actor=self.request.user, id=params["wave"]) if params.get("wave") else None
        return survey_response_list(search=params.get("search", ""), wave=wave,
                                    often_lonely=params.get("often_lonely", ""),
                                    respondent=params.get("respondent", ""))

    def perform_create(self, serializer):
        serializer.instance = survey_response_record(**serializer.validated_data)


class NarrativeSectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                              mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Sections of the yearly narrative. Filter: `year`."""

    serializer_class = NarrativeSectionSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        return narrative_section_list(year=int(year) if year.isdigit() else None)

    def perform_create(self, serializer):
        serializer.instance = narrative_section_save(**serializer.validated_data)

    def perform_update(self, serializer):
        data = {"year": serializer.instance.year, "kind": serializer.instance.kind,
                "title": serializer.instance.title, "body": serializer.instance.body, **serializer.validated_data}
        serializer.instance = narrative_section_save(section=serializer.instance, **data)
