from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.forms import user_label
from core.funding.api.serializers import ApplicationSerializer, CallSerializer, StageInputSerializer
from core.funding.forms import ApplicationFilterForm, CallFilterForm
from core.funding.selectors import access_application_by_id, access_call_by_id, application_list, call_list
from core.funding.services import (
    application_create,
    application_stage_set,
    application_update,
    call_create,
    call_update,
)
from core.spaces.api.base import ResidenceViewSet, filter_parameters

OWNED_BY_COORDINATOR = {"status", "notes"}


@extend_schema(parameters=filter_parameters(CallFilterForm))
class CallForProjectsViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             mixins.UpdateModelMixin, ResidenceViewSet):
    """Calls for projects watched by the residence (typed in, or imported nightly from Aides-territoires)."""

    serializer_class = CallSerializer
    filter_form_class = CallFilterForm
    access = staticmethod(access_call_by_id)

    def get_queryset(self):
        return call_list(**self.filter_criteria())

    def _reload(self, pk):
        return call_list().get(pk=pk)

    def perform_create(self, serializer):
        serializer.instance = self._reload(call_create(**serializer.validated_data).pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if serializer.instance.source != "manual":
            data = {k: v for k, v in data.items() if k in OWNED_BY_COORDINATOR}
        call = call_update(call=access_call_by_id(actor=self.request.user, id=serializer.instance.pk), **data)
        serializer.instance = self._reload(call.pk)


@extend_schema(parameters=filter_parameters(ApplicationFilterForm))
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, ResidenceViewSet):
    """Applications (dossiers) to calls for projects; `POST …/{id}/stage/` moves them along."""

    serializer_class = ApplicationSerializer
    filter_form_class = ApplicationFilterForm
    access = staticmethod(access_application_by_id)

    def get_queryset(self):
        return application_list(**self.filter_criteria()).prefetch_related("reports_due")

    def _reload(self, pk):
        return application_list().prefetch_related("reports_due").get(pk=pk)

    def perform_create(self, serializer):
        created = application_create(recorded_by=user_label(self.request), **serializer.validated_data)
        serializer.instance = self._reload(created.pk)

    def perform_update(self, serializer):
        updated = application_update(application=access_application_by_id(actor=self.request.user, id=serializer.instance.pk),
                                     **serializer.validated_data)
        serializer.instance = self._reload(updated.pk)

    @extend_schema(request=StageInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request, pk=None):
        application = self.get_object()
        data = StageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_stage_set(application=application, recorded_by=user_label(request), **data.validated_data)
        return Response(ApplicationSerializer(self._reload(application.pk)).data)
