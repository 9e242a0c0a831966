import datetime as dt

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _, gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.api import ResidenceMemberPermission
from core.activities.api.serializers import (
    DETAIL_API_FIELDS,
    ActivitySerializer,
    ActivitySeriesSerializer,
    AnonymousCountsSerializer,
    AttendanceSerializer,
    CancelSerializer,
    RegistrationCreatedSerializer,
    RegistrationCreateSerializer,
    RegistrationListSerializer,
    RegistrationRemovedSerializer,
    RegistrationSerializer,
    WaitingSerializer,
    SeriesUpdateResultSerializer,
    SeriesUpdateSerializer,
)
from core.activities.models import ActivityKind, ActivityStatus, Audience, WaitlistEntry
from core.activities.selectors import (
    access_activity_by_id,
    access_series_by_id,
    activity_list,
    attendee_ids,
    registered_ids,
    series_list,
    waiting_list,
    waiting_position,
)
from core.activities.services import (
    activity_cancel,
    activity_create,
    activity_update,
    anonymous_counts_set,
    attendance_set,
    registration_create,
    registration_delete,
    series_update,
)
from core.people.models import Resident

LIST_PARAMETERS = [
    OpenApiParameter("search", str, description=gettext_lazy("Intitulé, lieu, intervenant·e")),
    OpenApiParameter("kind", str, enum=ActivityKind.values),
    OpenApiParameter("audience", str, enum=Audience.values),
    OpenApiParameter("status", str, enum=ActivityStatus.values),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description=gettext_lazy("Séances commençant ce jour ou après (heure de Paris)")),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description=gettext_lazy("Séances commençant ce jour ou avant (heure de Paris)")),
    OpenApiParameter("series", int, description=gettext_lazy("Séances d'une série")),
]


def _date_or_none(value):
    try:
        return parse_date(value or "")
    except ValueError:  # well-formed but impossible, e.g. 2026-02-30
        return None


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@extend_schema_view(list=extend_schema(parameters=LIST_PARAMETERS))
class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Sessions of the residence of this subdomain: registrations, attendance and anonymous counts."""

    serializer_class = ActivitySerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        params = self.request.query_params
        return activity_list(
            search=params.get("search", ""), kind=params.get("kind", ""), audience=params.get("audience", ""),
            status=params.get("status", ""), date_from=_date_or_none(params.get("date_from")),
            date_to=_date_or_none(params.get("date_to")), series_id=_int_or_none(params.get("series")),
        )

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            access_activity_by_id(actor=request.user, id=kwargs["pk"])  # 404 before 405: ids of another residence reveal nothing
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_object(self):
        access_activity_by_id(actor=self.request.user, id=self.kwargs["pk"])  # 404 for ids of another residence, before anything else
        return activity_list().get(pk=self.kwargs["pk"])

    def perform_create(self, serializer):
        activity = activity_create(**serializer.validated_data)
        serializer.instance = activity_list().get(pk=activity.pk)

    def perform_update(self, serializer):
        activity = serializer.instance
        data = {field: getattr(activity, field) for field in DETAIL_API_FIELDS}
        data.update({k: v for k, v in serializer.validated_data.items() if k in DETAIL_API_FIELDS})
        activity_update(activity=activity,
                        starts_at=serializer.validated_data.get("starts_at", activity.starts_at),
                        ends_at=serializer.validated_data.get("ends_at", activity.ends_at),
                        confirm_outside_hours=serializer.validated_data.get("confirm_outside_hours", False), **data)
        serializer.instance = activity_list().get(pk=activity.pk)

    @extend_schema(request=CancelSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"], serializer_class=CancelSerializer)
    def cancel(self, request, pk=None):
        activity = access_activity_by_id(actor=request.user, id=pk)
        serializer = CancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity_cancel(activity=activity, reason=serializer.validated_data["reason"])
        return Response(ActivitySerializer(activity_list().get(pk=activity.pk)).data)

    @extend_schema(request=AttendanceSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["get", "put"], serializer_class=AttendanceSerializer)
    def attendance(self, request, pk=None):
        activity = access_activity_by_id(actor=request.user, id=pk)
        if request.method == "PUT":
            serializer = AttendanceSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            ids = attendance_set(activity=activity, resident_ids=serializer.validated_data["residents"])
            return Response({"residents": ids})
        return Response({"residents": sorted(attendee_ids(activity=activity))})

    @extend_schema(methods=["GET"], request=None, responses=RegistrationListSerializer)
    @extend_schema(methods=["POST"], request=RegistrationCreateSerializer, responses={201: RegistrationCreatedSerializer})
    @extend_schema(methods=["DELETE"], request=RegistrationSerializer, responses={200: RegistrationRemovedSerializer})
    @action(detail=True, methods=["get", "post", "delete"], serializer_class=RegistrationSerializer)
    def registrations(self, request, pk=None):
        """Who signed up and who waits. POST signs one resident up through the same service as the pages:
        once the capacity is reached they join the waiting list (`outcome.position`), or with
        `"waitlist": false` are refused. DELETE removes one (registered or waiting); the place freed goes
        to the first person waiting (`promoted`)."""
        activity = access_activity_by_id(actor=request.user, id=pk)
        if request.method == "GET":
            return Response(self._registrations(activity))
        if request.method == "DELETE":
            serializer = RegistrationSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            promoted = registration_delete(activity=activity, resident_id=serializer.validated_data["resident"])
            return Response({**self._registrations(activity), "promoted": promoted.pk if promoted else None})
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        resident = Resident.objects.filter(pk=serializer.validated_data["resident"]).first()
        if resident is None:
            raise serializers.ValidationError({"resident": _("Habitant·e inconnu·e dans cette résidence.")})
        made = registration_create(activity=activity, resident=resident,
                                   waitlist=serializer.validated_data["waitlist"])
        waiting = isinstance(made, WaitlistEntry)
        outcome = {"resident": resident.pk, "status": "waiting" if waiting else "registered",
                   "position": waiting_position(entry=made) if waiting else None}
        return Response({**self._registrations(activity), "outcome": outcome}, status=status.HTTP_201_CREATED)

    @staticmethod
    def _registrations(activity) -> dict:
        return {"residents": sorted(registered_ids(activity=activity)),
                "waiting": WaitingSerializer(waiting_list(activity=activity), many=True).data}

    @extend_schema(request=AnonymousCountsSerializer, responses=AnonymousCountsSerializer)
    @action(detail=True, methods=["get", "put"], serializer_class=AnonymousCountsSerializer,
            url_path="anonymous-counts")
    def anonymous_counts(self, request, pk=None):
        """People who came without being named: children, neighbours from the district, other guests."""
        activity = access_activity_by_id(actor=request.user, id=pk)
        if request.method == "PUT":
            serializer = AnonymousCountsSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            activity = anonymous_counts_set(activity=activity, **serializer.validated_data)
        return Response({"children": activity.anonymous_children, "neighbours": activity.anonymous_neighbours,
                         "guests": activity.anonymous_guests})


class ActivitySeriesViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Recurring activities: the rule; their sessions are `/api/activities/?series=<id>`."""

    serializer_class = ActivitySeriesSerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        return series_list()

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            access_series_by_id(actor=request.user, id=kwargs["pk"])
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_object(self):
        access_series_by_id(actor=self.request.user, id=self.kwargs["pk"])
        return series_list().get(pk=self.kwargs["pk"])

    @extend_schema(request=SeriesUpdateSerializer, responses=SeriesUpdateResultSerializer)
    @action(detail=True, methods=["post"], serializer_class=SeriesUpdateSerializer, url_path="update-upcoming")
    def update_upcoming(self, request, pk=None):
        """Apply new details, start and end time to every upcoming session (dates stay, cancelled stay)."""
        series = access_series_by_id(actor=request.user, id=pk)
        serializer = SeriesUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        start_time, end_time = data.pop("start_time"), data.pop("end_time")
        day = dt.date(2000, 1, 3)
        duration = dt.datetime.combine(day, end_time) - dt.datetime.combine(day, start_time)
        count = series_update(series=series, start_time=start_time, duration=duration, **data)
        return Response({"updated_sessions": count})
