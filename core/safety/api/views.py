from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.forms import user_label
from core.safety import selectors
from core.safety.api.serializers import (
    CheckRecordSerializer,
    IncidentSerializer,
    RulesAcknowledgementSerializer,
    SafetyCheckSerializer,
    SpaceRulesSerializer,
)
from core.safety.forms import CheckFilterForm, IncidentFilterForm
from core.safety.services import (
    check_create,
    check_record,
    incident_create,
    incident_update,
    rules_acknowledge,
    rules_publish,
)
from core.spaces.api.base import ResidenceViewSet, filter_parameters


class SpaceRulesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        ResidenceViewSet):
    """Versioned safety rules of each space. Creating one publishes the next version of that space's rules;
    versions are never edited."""

    serializer_class = SpaceRulesSerializer
    access = staticmethod(selectors.access_rules_by_id)

    def get_queryset(self):
        return selectors.rules_list()

    def perform_create(self, serializer):
        serializer.instance = rules_publish(published_by=user_label(self.request), **serializer.validated_data)


class RulesAcknowledgementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ResidenceViewSet):
    """A partner's representative acknowledged one version of a space's rules (name and time recorded)."""

    serializer_class = RulesAcknowledgementSerializer

    def get_queryset(self):
        return selectors.acknowledgement_list()

    def perform_create(self, serializer):
        serializer.instance = rules_acknowledge(recorded_by=user_label(self.request), **serializer.validated_data)


@extend_schema(parameters=filter_parameters(CheckFilterForm))
class SafetyCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         ResidenceViewSet):
    """Periodic safety checks (fire extinguisher, first-aid kit, garden tools…) and their due dates."""

    serializer_class = SafetyCheckSerializer
    filter_form_class = CheckFilterForm
    access = staticmethod(selectors.access_check_by_id)

    def get_queryset(self):
        return selectors.check_search(**self.filter_criteria())

    def perform_create(self, serializer):
        check = check_create(**serializer.validated_data)
        serializer.instance = selectors.check_search().get(pk=check.pk)

    @extend_schema(request=CheckRecordSerializer, responses=CheckRecordSerializer(many=True),
                   description=_("GET : l'historique de la vérification ; POST : enregistre une vérification faite "
                                 "(elle répond à l'échéance en attente et fixe la suivante)."))
    @action(detail=True, methods=["get", "post"], serializer_class=CheckRecordSerializer, pagination_class=None)
    def records(self, request, pk=None):
        check = self.get_object()
        if request.method == "POST":
            serializer = CheckRecordSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            record = check_record(check=check, **serializer.validated_data)
            return Response(CheckRecordSerializer(record).data, status=status.HTTP_201_CREATED)
        return Response(CheckRecordSerializer(selectors.check_records(check=check), many=True).data)


@extend_schema(parameters=filter_parameters(IncidentFilterForm))
class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, ResidenceViewSet):
    """Safety incidents, the actions taken and their status."""

    serializer_class = IncidentSerializer
    filter_form_class = IncidentFilterForm
    access = staticmethod(selectors.access_incident_by_id)

    def get_queryset(self):
        return selectors.incident_list(**self.filter_criteria())

    def perform_create(self, serializer):
        serializer.instance = incident_create(reported_by=user_label(self.request), **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = incident_update(incident=serializer.instance, **serializer.validated_data)
