from rest_framework import mixins, viewsets

from apes_platform.api import ResidenceMemberPermission
from core.people.api.serializers import ResidentSerializer
from core.people.selectors import resident_list
from core.people.services import resident_create


class ResidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """Residents of the residence of this subdomain."""

    serializer_class = ResidentSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        return resident_list(search=self.request.query_params.get("search", ""),
                             age_band=self.request.query_params.get("age_band", ""))

    def perform_create(self, serializer):
        serializer.instance = resident_create(**serializer.validated_data)
