from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from apes_platform.forms import user_label
from core.budget import selectors, services
from core.budget.api.serializers import (
    BudgetEntrySerializer,
    BudgetLineSerializer,
    BudgetYearCloseSerializer,
    BudgetYearSerializer,
    CorrectionSerializer,
    DecisionSerializer,
)
from core.budget.forms import DecisionFilterForm, EntryFilterForm, LineFilterForm, YearFilterForm
from core.budget.models import EntryKind
from core.spaces.api.base import ResidenceViewSet, filter_parameters


class _FiguresMixin:
    """Figures of the rows of the page, computed for the page at once (constant queries)."""

    def figures_for(self, objects) -> dict:
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        serializer = self.get_serializer(page, many=True, context={**self.get_serializer_context(),
                                                                   "figures": self.figures_for(page)})
        return self.get_paginated_response(serializer.data)

    def _one(self, obj, code=status.HTTP_200_OK):
        context = {**self.get_serializer_context(), "figures": self.figures_for([obj])}
        return Response(self.get_serializer(obj, context=context).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._one(self.get_object())


@extend_schema(parameters=filter_parameters(YearFilterForm))
class BudgetYearViewSet(_FiguresMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ResidenceViewSet):
    """Budget years of the residence, their envelopes by funding source and their totals
    (planned, committed, spent, refunds, remaining = planned − spent + refunds, available)."""

    serializer_class = BudgetYearSerializer
    filter_form_class = YearFilterForm
    access = staticmethod(selectors.access_year_by_id)

    def get_queryset(self):
        return selectors.year_list(**self.filter_criteria()).prefetch_related("envelopes")

    def figures_for(self, years) -> dict:
        return selectors.year_figures(years)

    @extend_schema(request=BudgetYearSerializer, responses={201: BudgetYearSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data, context={"figures": {}})
        serializer.is_valid(raise_exception=True)
        year = services.budget_year_create(year=serializer.validated_data["year"],
                                           note=serializer.validated_data.get("note", ""))
        return self._one(selectors.year_list().prefetch_related("envelopes").get(pk=year.pk), status.HTTP_201_CREATED)

    @extend_schema(request=BudgetYearCloseSerializer, responses=BudgetYearSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the year: it can no longer change. `carry_over` writes the remainder as an entry of the next year."""
        year = self.get_object()
        body = BudgetYearCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.year_close(year=year, closed_by=user_label(request), carry_over=body.validated_data["carry_over"])
        return self._one(selectors.year_list().prefetch_related("envelopes").get(pk=year.pk))


@extend_schema(parameters=filter_parameters(LineFilterForm))
class BudgetLineViewSet(_FiguresMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ResidenceViewSet):
    """Budget lines with their figures. A "refuse" line never goes below zero; a "warn" line needs
    `overspend_reason` on the entry that goes over."""

    serializer_class = BudgetLineSerializer
    filter_form_class = LineFilterForm
    access = staticmethod(selectors.access_line_by_id)

    def get_queryset(self):
        return selectors.line_list(**self.filter_criteria())

    def figures_for(self, lines) -> dict:
        return selectors.line_figures(lines)

    @extend_schema(request=BudgetLineSerializer, responses={201: BudgetLineSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data, context={"figures": {}})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        line = services.line_save(year=data["year"], name=data["name"], planned_amount=data["planned_amount"],
                                  category=data.get("category", "activities"),
                                  overspend_rule=data.get("overspend_rule", "refuse"))
        return self._one(selectors.access_line_by_id(actor=self.request.user, id=line.pk), status.HTTP_201_CREATED)

    @extend_schema(request=BudgetLineSerializer, responses=BudgetLineSerializer)
    def partial_update(self, request, *args, **kwargs):
        line = self.get_object()
        serializer = self.get_serializer(line, data=request.data, partial=True, context={"figures": {}})
        serializer.is_valid(raise_exception=True)
        data = {**{f: getattr(line, f) for f in ("name", "planned_amount", "category", "overspend_rule")},
                **{k: v for k, v in serializer.validated_data.items() if k != "year"}}
        services.line_save(year=line.year, line=line, **data)
        return self._one(selectors.access_line_by_id(actor=self.request.user, id=line.pk))


@extend_schema(parameters=filter_parameters(EntryFilterForm))
class BudgetEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResidenceViewSet):
    """The ledger: commitments, expenses, refunds, income and carry-overs, append-only. A mistake is
    corrected by `POST …/correct/` (a counter-entry). A refusal (over-spend, closed year, negative
    amount, receipt not PDF/JPEG/PNG or too large, a line of another residence) is a 400 naming the field."""

    serializer_class = BudgetEntrySerializer
    filter_form_class = EntryFilterForm
    access = staticmethod(selectors.access_entry_by_id)
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.entry_list(**self.filter_criteria())

    @extend_schema(request=BudgetEntrySerializer, responses={201: BudgetEntrySerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind, kwargs = serializer.service_kwargs()
        create = {EntryKind.EXPENSE: services.expense_create, EntryKind.COMMITMENT: services.commitment_create,
                  EntryKind.REFUND: services.refund_create, EntryKind.INCOME: services.income_create}[kind]
        entry = create(recorded_by=user_label(request), actor=request.user, **kwargs)
        entry = selectors.access_entry_by_id(actor=self.request.user, id=entry.pk)
        return Response(BudgetEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CorrectionSerializer, responses={201: BudgetEntrySerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Write the counter-entry of this entry (same kind and links, opposite amount)."""
        entry = self.get_object()
        body = CorrectionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        counter = services.entry_correct(entry=entry, reason=body.validated_data["reason"],
                                         date=body.validated_data.get("date"), recorded_by=user_label(request))
        counter = selectors.access_entry_by_id(actor=self.request.user, id=counter.pk)
        return Response(BudgetEntrySerializer(counter).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=filter_parameters(DecisionFilterForm))
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResidenceViewSet):
    """Residents' decisions (recorded by hand: date, body, text, amount) with what was spent citing
    them and what is left."""

    serializer_class = DecisionSerializer
    filter_form_class = DecisionFilterForm
    access = staticmethod(selectors.access_decision_by_id)

    def get_queryset(self):
        return selectors.decision_list(**self.filter_criteria())

    def get_object(self):
        decision = super().get_object()
        return selectors.decision_list().get(pk=decision.pk)

    @extend_schema(request=DecisionSerializer, responses={201: DecisionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_save(recorded_by=user_label(request), **serializer.validated_data)
        return Response(self.get_serializer(selectors.decision_list().get(pk=decision.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=DecisionSerializer)
    def partial_update(self, request, *args, **kwargs):
        decision = self.get_object()
        serializer = self.get_serializer(decision, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {**{f: getattr(decision, f) for f in ("decided_on", "body", "title", "text", "amount", "line")},
                **serializer.validated_data}
        services.decision_save(decision=decision, **data)
        return Response(self.get_serializer(selectors.decision_list().get(pk=decision.pk)).data)

