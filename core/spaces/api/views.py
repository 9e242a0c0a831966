from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.forms import user_label
from core.spaces import selectors
from core.spaces.api.base import ResidenceViewSet, filter_parameters
from core.spaces.api.serializers import BookingSerializer, DeskSignInSerializer, SpaceSerializer
from core.spaces.forms import BookingFilterForm, DeskFilterForm, SpaceFilterForm
from core.spaces.services import booking_cancel, booking_create, desk_sign_in, desk_sign_out, space_create, space_update


@extend_schema(parameters=filter_parameters(SpaceFilterForm))
class SpaceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, ResidenceViewSet):
    """Spaces of the residence (common room, garden, office, coworking desks) and their opening hours."""

    serializer_class = SpaceSerializer
    filter_form_class = SpaceFilterForm
    access = staticmethod(selectors.access_space_by_id)

    def get_queryset(self):
        return selectors.space_list(**self.filter_criteria())

    def perform_create(self, serializer):
        space = space_create(**serializer.service_kwargs())
        serializer.instance = selectors.space_list().get(pk=space.pk)

    def perform_update(self, serializer):
        kwargs = serializer.service_kwargs()
        space = serializer.instance
        for name in ("name", "kind", "capacity", "description", "is_active"):
            kwargs.setdefault(name, getattr(space, name))
        space_update(space=space, **kwargs)
        serializer.instance = selectors.space_list().get(pk=space.pk)


@extend_schema(parameters=filter_parameters(BookingFilterForm))
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ResidenceViewSet):
    """Bookings of the spaces. Without `status`, only live (confirmed) bookings are listed; `status=all`
    lists every one. A clash, an end before the start, a slot outside opening hours, a party above the
    capacity or a partner who has not acknowledged the space's current safety rules is a 400 naming the
    field."""

    serializer_class = BookingSerializer
    filter_form_class = BookingFilterForm
    access = staticmethod(selectors.access_booking_by_id)

    def get_queryset(self):
        return selectors.booking_search(**self.filter_criteria())

    def perform_create(self, serializer):
        booking = booking_create(booked_by=user_label(self.request), **serializer.validated_data)
        serializer.instance = selectors.access_booking_by_id(actor=self.request.user, id=booking.pk)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel the booking: its slot becomes free."""
        booking = booking_cancel(booking=self.get_object(), cancelled_by=user_label(request))
        return Response(BookingSerializer(selectors.access_booking_by_id(actor=request.user, id=booking.pk)).data)


@extend_schema(parameters=filter_parameters(DeskFilterForm))
class DeskSignInViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        ResidenceViewSet):
    """The coworking desk sign-in log: who (a resident or a visitor's name), which desk, arrival, departure."""

    serializer_class = DeskSignInSerializer
    filter_form_class = DeskFilterForm
    access = staticmethod(selectors.access_sign_in_by_id)

    def get_queryset(self):
        return selectors.desk_sign_in_list(**self.filter_criteria())

    def perform_create(self, serializer):
        serializer.instance = desk_sign_in(**serializer.validated_data)

    @extend_schema(request=None, responses=DeskSignInSerializer)
    @action(detail=True, methods=["post"], url_path="sign-out")
    def sign_out(self, request, pk=None):
        """Note the departure (now)."""
        sign_in = desk_sign_out(sign_in=self.get_object())
        return Response(DeskSignInSerializer(sign_in).data, status=status.HTTP_200_OK)
