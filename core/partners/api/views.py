from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.forms import user_label
from core.partners.api.serializers import InteractionSerializer, PartnerSerializer
from core.partners.forms import InteractionFilterForm, PartnerFilterForm
from core.partners.selectors import access_interaction_by_id, access_partner_by_id, interaction_list, partner_list
from core.partners.services import (
    interaction_next_step_done,
    interaction_record,
    partner_create,
    partner_status_set,
    partner_update,
)
from core.spaces.api.base import ResidenceViewSet, filter_parameters


@extend_schema(parameters=filter_parameters(PartnerFilterForm))
class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, ResidenceViewSet):
    """Local partners (associations, city services…), their partnership status (dated), areas of action
    and contacts; `has_duplicate` flags a same SIRET or same name and city."""

    serializer_class = PartnerSerializer
    filter_form_class = PartnerFilterForm
    access = staticmethod(access_partner_by_id)

    def get_queryset(self):
        return partner_list(**self.filter_criteria()).prefetch_related("contacts")

    def get_object(self):
        obj = partner_list().prefetch_related("contacts").filter(pk=access_partner_by_id(actor=self.request.user, id=self.kwargs["pk"]).pk).get()
        self.check_object_permissions(self.request, obj)
        return obj

    def perform_create(self, serializer):
        created = partner_create(recorded_by=user_label(self.request), **serializer.validated_data)
        serializer.instance = partner_list().prefetch_related("contacts").get(pk=created.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        new_status = data.pop("status", None)
        partner = partner_update(partner=access_partner_by_id(actor=self.request.user, id=serializer.instance.pk), **data)
        if new_status and new_status != partner.status:
            partner_status_set(partner=partner, status=new_status, recorded_by=user_label(self.request))
        serializer.instance = partner_list().prefetch_related("contacts").get(pk=partner.pk)


@extend_schema(parameters=filter_parameters(InteractionFilterForm))
class PartnerInteractionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                                ResidenceViewSet):
    """Exchanges with partners; an open next step (with its due date) is listed on the coordinator's home
    page until `POST …/{id}/done/`."""

    serializer_class = InteractionSerializer
    filter_form_class = InteractionFilterForm
    access = staticmethod(access_interaction_by_id)

    def get_queryset(self):
        return interaction_list(**self.filter_criteria())

    def perform_create(self, serializer):
        serializer.instance = interaction_record(recorded_by=user_label(self.request), **serializer.validated_data)

    @extend_schema(request=None, responses=InteractionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        interaction = interaction_next_step_done(interaction=self.get_object())
        return Response(InteractionSerializer(interaction).data, status=status.HTTP_200_OK)
