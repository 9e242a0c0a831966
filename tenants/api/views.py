from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from tenants.api.serializers import ResidenceSerializer
from tenants.models import Residence
from tenants.selectors import residence_list_for_user
from tenants.services import residence_create


class ResidenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """Residences visible to the caller; only the head office creates them."""

    serializer_class = ResidenceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # OpenAPI generation, no real user
            return Residence.objects.none()
        return residence_list_for_user(user=self.request.user).prefetch_related("domains").order_by("name")

    def create(self, request, *args, **kwargs):
        if not request.user.is_head_office:
            raise PermissionDenied(_("Seul le siège peut créer une résidence."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = residence_create(**serializer.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
        return Response(self.get_serializer(result.residence).data, status=status.HTTP_201_CREATED)
