"""Form helpers shared by every app's views."""
from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form field it names (or above the form when it names none).

    Services raise `ValidationError({"field": [...]})`; views catch it and call this, so the
    user sees the French message next to the field and nothing is saved.
    """
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def user_label(request) -> str:
    """Who did it, as recorded on a write (booking, check, incident): the account's name or e-mail."""
    user = request.user
    return (getattr(user, "full_name", "") or getattr(user, "email", "")) if user.is_authenticated else ""


class DistinctIds:
    """Field ids prefixed by `id_prefix` ("task-title"), so several forms on one page never share an id
    and each label points to its own field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
