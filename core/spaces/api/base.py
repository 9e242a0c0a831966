"""What every residence viewset of spaces, safety and partners shares: the permission, filters
parsed by the screen's own filter form (so page and API filter alike), lookups through
`access_<thing>_by_id`, and the OpenAPI description of those filters."""
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from apes_platform.api import ResidenceMemberPermission

_TYPES = [
    (forms.BooleanField, OpenApiTypes.BOOL), (forms.NullBooleanField, OpenApiTypes.BOOL),
    (forms.DateField, OpenApiTypes.DATE), (forms.ModelChoiceField, OpenApiTypes.INT),
    (forms.IntegerField, OpenApiTypes.INT),
]


def filter_parameters(form_class) -> list[OpenApiParameter]:
    params = []
    for name, field in form_class.base_fields.items():
        kind = next((t for cls, t in _TYPES if isinstance(field, cls)), OpenApiTypes.STR)
        enum = [c for c, _ in field.choices if c] if isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField) else None
        params.append(OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False,
                                       description=field.label, enum=enum))
    return params


class ResidenceViewSet(viewsets.GenericViewSet):
    permission_classes = [ResidenceMemberPermission]
    filter_form_class = None
    access = None  # staticmethod(access_<thing>_by_id)

    def filter_criteria(self) -> dict:
        if self.filter_form_class is None or self.action != "list":
            return {}
        form = self.filter_form_class(self.request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise ValidationError({k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()})
        return form.cleaned_data if form.is_bound else {}

    def http_method_not_allowed(self, request, *args, **kwargs):
        # An id of another residence is a 404 whatever the method, as on every other route.
        if "pk" in kwargs and type(self).access is not None:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_object(self):
        obj = type(self).access(actor=self.request.user, id=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj
