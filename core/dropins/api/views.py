from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from apes_platform.api import ResidenceMemberPermission
from core.dropins.api.serializers import (
    FollowUpCloseSerializer,
    FollowUpSerializer,
    SlotSerializer,
    VisitSerializer,
)
from core.dropins.forms import FollowUpFilterForm, SlotFilterForm, VisitFilterForm
from core.dropins.selectors import (
    access_follow_up_by_id,
    access_slot_by_id,
    access_visit_by_id,
    follow_up_list,
    slot_list,
    visit_list,
)
from core.dropins.services import follow_up_close, slot_create, slot_delete, visit_log


def _criteria(form_class, params) -> dict:
    form = form_class(params)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return {name: value for name, value in form.cleaned_data.items() if name in params}


def _params(*names_and_help):
    return [OpenApiParameter(name, kind, description=help_text) for name, kind, help_text in names_and_help]


@extend_schema_view(list=extend_schema(parameters=_params(
    ("search", OpenApiTypes.STR, _("Lieu ou remarque contient")),
    ("recurrence", OpenApiTypes.STR, _("once ou weekly")),
)))
class SlotViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Planned drop-in slots (one-off or weekly) of this residence."""

    serializer_class = SlotSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        return slot_list(**_criteria(SlotFilterForm, self.request.query_params))

    def get_object(self):
        return access_slot_by_id(actor=self.request.user, id=self.kwargs["pk"])

    def perform_create(self, serializer):
        serializer.instance = slot_create(**serializer.validated_data)

    def perform_destroy(self, instance):
        slot_delete(slot=instance)


@extend_schema_view(list=extend_schema(parameters=_params(
    ("search", OpenApiTypes.STR, _("Note ou prénom contient")),
    ("topic", OpenApiTypes.STR, _("Motif")),
    ("follow_up", OpenApiTypes.STR, _("open, closed ou none")),
    ("anonymous", OpenApiTypes.STR, _("yes ou no")),
    ("date_from", OpenApiTypes.DATE, _("À partir de ce jour (inclus)")),
    ("date_to", OpenApiTypes.DATE, _("Jusqu'à ce jour (inclus)")),
)))
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    """Visits logged at the drop-in hours; `follow_up_needed: true` opens a follow-up."""

    serializer_class = VisitSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        return visit_list(**_criteria(VisitFilterForm, self.request.query_params))

    def get_object(self):
        return access_visit_by_id(actor=self.request.user, id=self.kwargs["pk"])

    def perform_create(self, serializer):
        visit = visit_log(**serializer.validated_data)
        serializer.instance = access_visit_by_id(actor=self.request.user, id=visit.pk)


@extend_schema_view(list=extend_schema(parameters=_params(
    ("status", OpenApiTypes.STR, _("open (par défaut), closed, ou vide pour toutes")),
    ("search", OpenApiTypes.STR, _("Note, suite donnée ou prénom contient")),
    ("topic", OpenApiTypes.STR, _("Motif du passage")),
)))
class FollowUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Follow-ups opened by visits; listed until closed."""

    serializer_class = FollowUpSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        return follow_up_list(**_criteria(FollowUpFilterForm, self.request.query_params))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "pk" in kwargs:
            # Another residence's id is a 404 whatever the method, before "method not allowed".
            access_follow_up_by_id(actor=request.user, id=kwargs["pk"])

    def get_object(self):
        return access_follow_up_by_id(actor=self.request.user, id=self.kwargs["pk"])

    @extend_schema(request=FollowUpCloseSerializer, responses={200: FollowUpSerializer})
    @action(detail=True, methods=["post"], serializer_class=FollowUpCloseSerializer)
    def close(self, request, pk=None):
        follow_up = access_follow_up_by_id(actor=request.user, id=pk)
        serializer = FollowUpCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        follow_up_close(follow_up=follow_up, **serializer.validated_data)
        return Response(FollowUpSerializer(access_follow_up_by_id(actor=request.user, id=pk)).data, status=status.HTTP_200_OK)
