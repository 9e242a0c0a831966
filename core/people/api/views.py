from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError

from apes_platform.api import ResidenceMemberPermission
from core.people.api.serializers import ResidentSerializer
from core.people.forms import ResidentFilterForm
from core.people.selectors import access_resident_by_id, resident_list
from core.people.services import resident_create, resident_update

LIST_PARAMETERS = [
    OpenApiParameter("search", OpenApiTypes.STR, description=_("Prénom ou pseudonyme contient")),
    OpenApiParameter("age_band", OpenApiTypes.STR, description=_("Tranche d'âge")),
    OpenApiParameter("interest", OpenApiTypes.STR, description=_("Centre d'intérêt")),
    OpenApiParameter("language", OpenApiTypes.STR, description=_("Langue parlée")),
    OpenApiParameter("contact_channel", OpenApiTypes.STR, description=_("Canal de contact préféré")),
    OpenApiParameter("not_seen_weeks", OpenApiTypes.INT,
                     description=_("Pas vu·e depuis ce nombre de semaines (ou jamais)")),
]


@extend_schema_view(list=extend_schema(parameters=LIST_PARAMETERS))
class ResidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Residents of the residence of this subdomain."""

    serializer_class = ResidentSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        filters = ResidentFilterForm(self.request.query_params)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return resident_list(**filters.cleaned_data)

    def get_object(self):
        return access_resident_by_id(actor=self.request.user, id=self.kwargs["pk"])

    def perform_create(self, serializer):
        resident = resident_create(**serializer.validated_data)
        serializer.instance = access_resident_by_id(actor=self.request.user, id=resident.pk)

    def perform_update(self, serializer):
        resident_update(resident=access_resident_by_id(actor=self.request.user, id=self.kwargs["pk"]), **serializer.validated_data)
        serializer.instance = access_resident_by_id(actor=self.request.user, id=self.kwargs["pk"])
