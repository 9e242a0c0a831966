"""Shared API pieces: the residence permission and error handling."""
from django.core.exceptions import ValidationError as DjangoValidationError
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
