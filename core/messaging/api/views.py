from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from apes_platform.forms import user_label
from core.messaging import selectors, services
from core.messaging.api.serializers import (
    DeliverySerializer,
    MessageSerializer,
    MessageTemplateSerializer,
    OptOutLiftSerializer,
    OptOutSerializer,
)
from core.messaging.forms import MessageFilterForm, OptOutFilterForm, TemplateFilterForm
from core.spaces.api.base import ResidenceViewSet, filter_parameters


@extend_schema(parameters=filter_parameters(TemplateFilterForm))
class MessageTemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             mixins.UpdateModelMixin, ResidenceViewSet):
    """Reusable message texts with variables ({prenom}, {animation}, {date}, {heure}, {lieu}, {lien})."""

    serializer_class = MessageTemplateSerializer
    filter_form_class = TemplateFilterForm
    access = staticmethod(selectors.access_template_by_id)

    def get_queryset(self):
        return selectors.template_list(**self.filter_criteria())

    def perform_create(self, serializer):
        serializer.instance = services.template_save(**serializer.validated_data)

    def perform_update(self, serializer):
        template = serializer.instance
        data = {name: serializer.validated_data.get(name, getattr(template, name))
                for name in ("name", "subject", "body", "sms_body")}
        serializer.instance = services.template_save(template=template, **data)


@extend_schema(parameters=filter_parameters(MessageFilterForm))
class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ResidenceViewSet):
    """Messages to residents: composed once, sent by each resident's channel (`send`), with the status of
    each recipient (`deliveries`). An unknown variable or a target without its criterion is a 400 naming
    the field."""

    serializer_class = MessageSerializer
    filter_form_class = MessageFilterForm
    access = staticmethod(selectors.access_message_by_id)

    def get_queryset(self):
        return selectors.message_list(**self.filter_criteria()).prefetch_related("chosen_residents")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        message = services.message_save(created_by=user_label(self.request), **data)
        serializer.instance = selectors.access_message_by_id(actor=self.request.user, id=message.pk)

    @extend_schema(request=None, responses=MessageSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """Start sending (in the background); a message is sent once."""
        message = services.message_send_request(message=self.get_object())
        return Response(MessageSerializer(selectors.access_message_by_id(actor=self.request.user, id=message.pk)).data, status=202)

    @extend_schema(request=None, responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        """Status per recipient (queued, sent, delivered, failed, bounced), paginated."""
        rows = selectors.delivery_list(message=self.get_object())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)


@extend_schema(parameters=filter_parameters(OptOutFilterForm))
class OptOutViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResidenceViewSet):
    """Residents' opt-outs by channel, with their origin; `lift` lifts one (an opt-out the person asked for
    only with `resident_asked`, else a 400 naming that field), as the screen does."""

    serializer_class = OptOutSerializer
    filter_form_class = OptOutFilterForm
    access = staticmethod(selectors.access_opt_out_by_id)

    def get_queryset(self):
        return selectors.opt_out_list(**self.filter_criteria())

    @extend_schema(request=OptOutLiftSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        """Lift the opt-out: messages go by that channel again."""
        opt_out = self.get_object()
        data = OptOutLiftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.opt_out_lift(opt_out=opt_out, resident_asked=data.validated_data["resident_asked"])
        return Response(status=204)
