"""The network of practice in the API (bare domain, read only): the same selectors and filter forms as
the pages, so a caller gets exactly what the pages show them."""
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from network.practice import selectors
from network.practice.api.serializers import (
    NetworkEventSerializer,
    NetworkResourceSerializer,
    PracticeSheetSerializer,
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


class PracticeSheetViewSet(MemberViewSet):
    """Practice sheets the caller may read, filtered by theme, audience, cost and size of residence."""

    serializer_class = PracticeSheetSerializer
    filter_form_class = SheetFilterForm
    model = PracticeSheet

    def safely_get_queryset(self, filters):
        return selectors.sheet_list(user=self.request.user, **filters)


class NetworkResourceViewSet(MemberViewSet):
    """Resources of the library visible to the caller, with their versions."""

    serializer_class = NetworkResourceSerializer
    filter_form_class = ResourceFilterForm
    model = NetworkResource

    def safely_get_queryset(self, filters):
        return selectors.resource_list(user=self.request.user, **filters)


class NetworkEventViewSet(MemberViewSet):
    """Network events visible to the caller (upcoming by default; `when=past` or `when=all`)."""

    serializer_class = NetworkEventSerializer
    filter_form_class = EventFilterForm
    model = NetworkEvent

    def safely_get_queryset(self, filters):
        when = filters.get("when", "")
        upcoming = None if self.action == "retrieve" else {"": True, "past": False}.get(when)
        return selectors.event_list(user=self.request.user, search=filters.get("search", ""),
                                    kind=filters.get("kind", ""), upcoming=upcoming)
