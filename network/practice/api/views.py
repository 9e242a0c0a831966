"""The network of practice in the API (bare domain): the same selectors and filter forms as the pages, so a
caller gets exactly what the pages show them; the head office also creates, updates and deletes resources and
events and adds a resource's versions, through the pages' services (a refusal is a 400 naming the field)."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework import status
from rest_framework.response import Response
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission

from network.practice import selectors, services
from network.practice.api.serializers import (
    NetworkEventSerializer,
    NetworkResourceSerializer,
    PracticeSheetSerializer,
    ResourceVersionInputSerializer,
    ResourceVersionSerializer,
    SheetExperimentSerializer,
    SheetPublishSerializer,
    SheetReturnSerializer,
)
from network.practice.forms import EventFilterForm, ResourceFilterForm, SheetFilterForm
from network.practice.models import NetworkEvent, NetworkResource, PracticeSheet


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Members only; `get_queryset` is locked to the caller's audience, subclasses supply `safely_get_queryset`."""

    filter_form_class = None
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # OpenAPI generation, no real user
            return self.model.objects.none()
        if not selectors.is_member(self.request.user):
            raise PermissionDenied()
        filters = self.filter_form_class(self.request.query_params or None)
        if self.request.query_params and not filters.is_valid():
            raise ValidationError(filters.errors)
        return self.safely_get_queryset(filters.cleaned_data if filters.is_bound else {})

    def safely_get_queryset(self, filters: dict):
        raise NotImplementedError


class HeadOfficeWrites(BasePermission):
    """Every member reads (their audience); only the head office writes."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.is_head_office)


class HeadOfficeWriteViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                             MemberViewSet):
    permission_classes = [*MemberViewSet.permission_classes, HeadOfficeWrites]


class PracticeSheetViewSet(MemberViewSet):
    """Practice sheets the caller may read, filtered by theme, audience, cost and size of residence. A sheet
    is written in its residence; the head office's writes here are its review: publish, return, experiment."""

    serializer_class = PracticeSheetSerializer
    filter_form_class = SheetFilterForm
    model = PracticeSheet
    permission_classes = HeadOfficeWriteViewSet.permission_classes

    def safely_get_queryset(self, filters):
        return selectors.sheet_list(user=self.request.user, **filters)

    def _review(self, request, input_serializer, write):
        sheet = self.get_object()
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        sheet = write(sheet, data.validated_data)
        sheet.reuse_count = sheet.reuses.count()  # a sheet sent back is a draft: out of the list, not of the answer
        return Response(self.get_serializer(sheet).data)

    @extend_schema(request=SheetPublishSerializer, responses=PracticeSheetSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a submitted sheet to the coordinators (and to landlords' staff with `for_landlords`)."""
        return self._review(request, SheetPublishSerializer, lambda sheet, data: services.sheet_publish(
            sheet=sheet, actor=request.user, for_landlords=data["for_landlords"]))

    @extend_schema(request=SheetReturnSerializer, responses=PracticeSheetSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_residence(self, request, pk=None):
        """Send the sheet back to its residence as a draft, with what is to be reworked."""
        return self._review(request, SheetReturnSerializer, lambda sheet, data: services.sheet_return(
            sheet=sheet, actor=request.user, note=data["review_note"]))

    @extend_schema(request=SheetExperimentSerializer, responses=PracticeSheetSerializer)
    @action(detail=True, methods=["post"])
    def experiment(self, request, pk=None):
        """Follow the sheet as an experiment (or stop following it)."""
        return self._review(request, SheetExperimentSerializer, lambda sheet, data: services.sheet_experiment_set(
            sheet=sheet, actor=request.user, is_experiment=data["is_experiment"]))


class NetworkResourceViewSet(HeadOfficeWriteViewSet):
    """Resources of the library visible to the caller, with their versions. The head office creates one
    (multipart, with its first `file`), updates its text and audience, adds a version (`versions`: a new
    file never replaces an earlier one) and deletes it with all its versions."""

    serializer_class = NetworkResourceSerializer
    filter_form_class = ResourceFilterForm
    model = NetworkResource
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def safely_get_queryset(self, filters):
        return selectors.resource_list(user=self.request.user, **filters)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if not data.get("file"):
            raise ValidationError({"file": [_("Joignez le fichier de la ressource.")]})
        resource = services.resource_create(actor=self.request.user, **data)
        serializer.instance = selectors.resource_list(user=self.request.user).get(pk=resource.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        for name in ("file", "note"):
            if data.pop(name, None):
                raise ValidationError({name: [_("Une nouvelle version se dépose par l'action « versions » de la "
                                                "ressource.")]})
        resource = services.resource_update(actor=self.request.user, resource=serializer.instance, **data)
        serializer.instance = selectors.resource_list(user=self.request.user).get(pk=resource.pk)

    def perform_destroy(self, instance):
        services.resource_delete(actor=self.request.user, resource=instance)

    @extend_schema(request={"multipart/form-data": ResourceVersionInputSerializer},
                   responses={201: ResourceVersionSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def versions(self, request, pk=None):
        """Add a version (multipart `file`, optional `note`): numbered after the last, earlier ones stay."""
        resource = self.get_object()
        data = ResourceVersionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.resource_version_add(actor=request.user, resource=resource, **data.validated_data)
        return Response(ResourceVersionSerializer(version).data, status=status.HTTP_201_CREATED)


class NetworkEventViewSet(HeadOfficeWriteViewSet):
    """Network events visible to the caller (upcoming by default; `when=past` or `when=all`)."""

    serializer_class = NetworkEventSerializer
    filter_form_class = EventFilterForm
    model = NetworkEvent

    def safely_get_queryset(self, filters):
        when = filters.get("when", "")
        upcoming = None if self.action == "retrieve" else {"": True, "past": False}.get(when)
        return selectors.event_list(user=self.request.user, search=filters.get("search", ""),
                                    kind=filters.get("kind", ""), upcoming=upcoming)

    def perform_create(self, serializer):
        event = services.event_create(actor=self.request.user, **serializer.validated_data)
        serializer.instance = selectors.event_list(user=self.request.user).get(pk=event.pk)

    def perform_update(self, serializer):
        event = services.event_update(actor=self.request.user, event=serializer.instance,
                                      **serializer.validated_data)
        serializer.instance = selectors.event_list(user=self.request.user).get(pk=event.pk)

    def perform_destroy(self, instance):
        services.event_delete(actor=self.request.user, event=instance)
