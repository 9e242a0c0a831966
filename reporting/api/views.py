"""Read-only reporting API on the bare domain: catalogue, values by period, residences.

Every list goes through `ReportingScopedView`: its `get_queryset` builds the caller's
ReportingScope and cannot be overridden; subclasses supply `safely_get_queryset(scope)`.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.api.serializers import IndicatorSerializer, IndicatorValueSerializer, ReportingResidenceSerializer
from reporting.indicators import CATALOGUE
from reporting.periods import Period, parse_period
from reporting.selectors import IndicatorValueRows, ReportingScope, access_residence_by_id


class ReportingPagination(PageNumberPagination):
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000


class ReportingScopedView(generics.GenericAPIView):
    """Base of every reporting endpoint: the scope comes from the user, never from the request data."""

    permission_classes = [IsAuthenticated]
    pagination_class = ReportingPagination

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} must define safely_get_queryset(scope), not get_queryset")

    @property
    def scope(self) -> ReportingScope:
        if not hasattr(self, "_scope"):
            try:
                self._scope = ReportingScope.for_user(self.request.user)
            except DjangoPermissionDenied as exc:
                raise PermissionDenied(_("Réservé au siège et aux bailleurs.")) from exc
        return self._scope

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        return self.safely_get_queryset(self.scope)

    def safely_get_queryset(self, scope: ReportingScope):
        raise NotImplementedError


class IndicatorCatalogueView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=IndicatorSerializer(many=True))
    def get(self, request):
        try:
            ReportingScope.for_user(request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(_("Réservé au siège et aux bailleurs.")) from exc
        data = [
            {"code": i.code, "label": str(i.label), "definition": str(i.definition), "unit": str(i.unit),
             "period": i.period, "period_kinds": list(i.period_kinds), "higher_is_better": i.higher_is_better,
             "direction": i.direction, "counts_people": i.counts_people, "sources": list(i.sources),
             "theme": i.theme}
            for i in CATALOGUE.values()
        ]
        return Response(IndicatorSerializer(data, many=True).data)


class IndicatorValueListView(ReportingScopedView, generics.ListAPIView):
    """Indicator values of one period for the residences in the caller's scope, read through the scope's
    cells: hidden cells have a null value and say why (`suppressed_reason`)."""

    serializer_class = IndicatorValueSerializer

    def period(self) -> Period:
        raw = self.request.query_params.get("period") or self.request.query_params.get("month")
        period = parse_period(raw)
        if period is None:
            name = "period" if "period" in self.request.query_params or "month" not in self.request.query_params \
                else "month"
            raise ValidationError({name: [_("Période attendue au format AAAA-MM (mois), AAAA-Tn (trimestre) "
                                            "ou AAAA (année), ex. 2026-10.")]})
        return period

    def safely_get_queryset(self, scope):
        return IndicatorValueRows(scope=scope, period=self.period(),
                                  residence_slug=self.request.query_params.get("residence", ""))

    @extend_schema(parameters=[
        OpenApiParameter("period", str, description=gettext_lazy("2026-10 (mois), 2026-T4 (trimestre) ou 2026 (année)")),
        OpenApiParameter("month", str, description=gettext_lazy("Ancien nom de `period` (mois AAAA-MM)")),
        OpenApiParameter("residence", str, description=gettext_lazy("Slug d'une résidence du périmètre")),
    ])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ReportingResidenceListView(ReportingScopedView, generics.ListAPIView):
    """The residences in the caller's scope."""

    serializer_class = ReportingResidenceSerializer

    def safely_get_queryset(self, scope):
        return scope.residences().order_by("name", "pk")


class ReportingResidenceDetailView(ReportingScopedView, generics.RetrieveAPIView):
    serializer_class = ReportingResidenceSerializer

    def safely_get_queryset(self, scope):
        return scope.residences()

    def get_object(self):
        return access_residence_by_id(actor=self.scope, id=self.kwargs["pk"])
