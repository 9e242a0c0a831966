"""Read-only API of the landlords' calls on the bare domain, scoped like the pages (selectors)."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated

from core.spaces.api.base import filter_parameters
from network.calls import selectors
from network.calls.api.serializers import ApplicationSerializer, CallSerializer, LaureateSerializer
from network.calls.forms import CallFilterForm
from network.calls.models import Agreement, Application, Call


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    access = None

    def get_object(self):
        from django.http import Http404

        try:
            return type(self).access(actor=self.request.user, id=self.kwargs["pk"])
        except Http404 as exc:
            raise NotFound() from exc


class LandlordCallViewSet(_Scoped):
    """The calls the caller sees: all for the head office, a landlord's funded calls, a member's seats."""

    serializer_class = CallSerializer
    access = staticmethod(selectors.access_call_by_id)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Call.objects.none()
        form = CallFilterForm(self.request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})
        criteria = form.cleaned_data if form.is_bound else {}
        return selectors.call_search(actor=self.request.user, **criteria).prefetch_related("criteria", "residences")

    @extend_schema(parameters=filter_parameters(CallFilterForm))
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class LandlordCallApplicationViewSet(_Scoped):
    """Submitted applications of the caller's calls (?call=<id> for one call)."""

    serializer_class = ApplicationSerializer
    access = staticmethod(selectors.access_application_by_id)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        qs = selectors.application_list_for_user(actor=self.request.user).prefetch_related("targets", "residences")
        call = self.request.query_params.get("call", "")
        if call:
            if not call.isdigit():
                raise ValidationError({"call": [_("Identifiant d'appel attendu (nombre).")]})
            qs = qs.filter(call_id=int(call))
        return qs.order_by("id")


class LaureateViewSet(_Scoped):
    """Laureates (agreements) of the caller's calls, with amounts committed and paid."""

    serializer_class = LaureateSerializer

    @staticmethod
    def access(*, actor, id):  # noqa: A002
        agreement = selectors.access_agreement_by_id(actor=actor, id=id)
        agreement.paid = selectors.agreement_paid(agreement=agreement)
        return agreement

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agreement.objects.none()
        agreements = selectors.agreement_list_for_user(actor=self.request.user)
        return selectors.agreements_with_paid(agreements).prefetch_related("reports").order_by("id")
