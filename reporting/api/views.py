
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from reporting.api.serializers import IndicatorSerializer, IndicatorValueSerializer
from reporting.indicators import CATALOGUE
from reporting.periods import parse_month
from reporting.selectors import ReportingScope


class IndicatorCatalogueView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=IndicatorSerializer(many=True))
    def get(self, request):
        ReportingScope.for_user(request.user)
        data = [
            {**{k: getattr(i, k) for k in ("code", "period", "higher_is_better", "counts_people")},
             "label": str(i.label), "definition": str(i.definition), "unit": str(i.unit)}
            for i in CATALOGUE.values()
        ]
        return Response(IndicatorSerializer(data, many=True).data)


class IndicatorValueListView(APIView):
    """Indicator values of one month for the residences in the caller's scope."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("month", str, required=True, description="Mois, au format AAAA-MM")],
        responses=IndicatorValueSerializer(many=True),
    )
    def get(self, request):
        month = parse_month(request.query_params.get("month"), default=None)
        if month is None:
            raise ValidationError({"month": ["Mois attendu au format AAAA-MM (ex. 2026-10)."]})
        scope = ReportingScope.for_user(request.user)
        values = (
            scope.values()
            .filter(period_start=month, indicator__in=CATALOGUE.keys())
            .select_related("residence__landlord")
            .order_by("residence__name", "indicator")
        )
        rows = []
        for v in values:
            suppressed = scope.hides(CATALOGUE.get(v.indicator), v.count_basis)
            rows.append({
                "residence": v.residence.slug,
                "residence_name": v.residence.name,
                "landlord": v.residence.landlord.short_name,
                "indicator": v.indicator,
                "month": v.period_start,
                "value": None if suppressed else v.value,
                "suppressed": suppressed,
            })
        return Response(IndicatorValueSerializer(rows, many=True).data)
