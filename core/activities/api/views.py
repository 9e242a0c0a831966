from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.api import ResidenceMemberPermission
from core.activities.api.serializers import ActivitySerializer, AttendanceSerializer
from core.activities.selectors import access_activity_by_id, activity_list, attendee_ids
from core.activities.services import activity_create, attendance_set


class ActivityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """Activities of the residence of this subdomain, and who attended them."""

    serializer_class = ActivitySerializer
    permission_classes = [ResidenceMemberPermission]

    def get_queryset(self):
        return activity_list(search=self.request.query_params.get("search", ""),
                             kind=self.request.query_params.get("kind", ""))

    def perform_create(self, serializer):
        activity = activity_create(**serializer.validated_data)
        serializer.instance = activity_list().get(pk=activity.pk)

    @extend_schema(request=AttendanceSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["get", "put"], serializer_class=AttendanceSerializer)
    def attendance(self, request, pk=None):
        activity = access_activity_by_id(pk)
        if request.method == "PUT":
            serializer = AttendanceSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            ids = attendance_set(activity=activity, resident_ids=serializer.validated_data["residents"])
            return Response({"residents": ids})
        return Response({"residents": sorted(attendee_ids(activity=activity))})
