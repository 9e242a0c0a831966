from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from core.partners.api.serializers import PartnerSerializer
from core.partners.forms import PartnerFilterForm
from core.partners.selectors import access_partner_by_id, partner_list
from core.partners.services import partner_create, partner_update
from core.spaces.api.base import ResidenceViewSet, filter_parameters


@extend_schema(parameters=filter_parameters(PartnerFilterForm))
class PartnerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, ResidenceViewSet):
    """Local partners (associations, city services…), some of them external facilitators (tiers intervenants)."""

    serializer_class = PartnerSerializer
    filter_form_class = PartnerFilterForm
    access = staticmethod(access_partner_by_id)

    def get_queryset(self):
        return partner_list(**self.filter_criteria())

    def perform_create(self, serializer):
        serializer.instance = partner_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = partner_update(partner=serializer.instance, **serializer.validated_data)
