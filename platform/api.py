"""Shared API pieces: the residence permission and error handling."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import DateField, DateTimeField, TimeField, URLField
from rest_framework.serializers import ModelSerializer
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.views import exception_handler as drf_exception_handler

from tenants.selectors import user_can_enter_residence


class ResidenceMemberPermission(BasePermission):
    """Second lock behind the middleware: the caller belongs to this subdomain's residence."""

    def has_permission(self, request, view):
        residence = getattr(request, "tenant", None)
        user = request.user
        return bool(
            residence is not None and user and user.is_authenticated
            and user_can_enter_residence(user=user, residence=residence)
        )


def exception_handler(exc, context):
    """Model validation errors from services become 400s naming the field."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = ValidationError(detail)
    return drf_exception_handler(exc, context)


class BoundedDateTimeField(DateTimeField):
    """Date-times of the platform's own life (1970–2100), in French when out of range.

    Found by schemathesis: a year like 688 went through and came back as
    "0688-03-01T11:29:58+00:09:21" (Paris local mean time), which is no valid RFC 3339.
    """

    default_error_messages = {"out_of_range": _("Date hors des limites (entre 1970 et 2100).")}

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if not 1970 <= result.year <= 2100:
            self.fail("out_of_range")
        return result


class BoundedDateField(DateField):
    """Dates of the platform's own life (1970–2100): a slot starting in year 382 is a typo."""

    default_error_messages = {"out_of_range": _("Date hors des limites (entre 1970 et 2100).")}

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if not 1970 <= result.year <= 2100:
            self.fail("out_of_range")
        return result


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "14:30"})
class LocalTimeField(TimeField):
    """A wall-clock time in the residence (Europe/Paris), written "HH:MM".

    Found by schemathesis: OpenAPI's "time" format means an RFC 3339 time with an offset,
    which a local opening hour has not; the offset sent by a client is ignored.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(*args, **kwargs)

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        return result.replace(tzinfo=None, microsecond=0) if hasattr(result, "replace") else result


# Every model serializer's date, date-time and time fields get these (one place, no serializer can forget).
ModelSerializer.serializer_field_mapping[models.DateTimeField] = BoundedDateTimeField
ModelSerializer.serializer_field_mapping[models.DateField] = BoundedDateField
ModelSerializer.serializer_field_mapping[models.TimeField] = LocalTimeField


@extend_schema_field({"type": "string", "maxLength": 500, "example": "https://exemple.fr/appel",
                      "description": "Adresse web (http ou https), ou vide."})
class OptionalURLField(URLField):
    """A URL that may be empty: OpenAPI's "uri" format refuses "", which a blank link is (found by schemathesis)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)
