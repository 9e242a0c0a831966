"""Form helpers shared by every app's views."""
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render


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


def form_errors_line(form) -> str:
    """A refused form's errors on one line, for a flash message: « Champ : erreur » for each field."""
    return " ".join(_("%(label)s : %(value)s") % {"label": form[name].label, "value": " ".join(errors)}
                    if name in form.fields else " ".join(errors) for name, errors in form.errors.items())


def post_on_detail(request, *, load: Callable, form_class, form_name: str, action: Callable, success: str,
                   template: str, context: Callable, redirect_to: str):
    """A form posted from a detail page (a task on a project, a contact on a partner, a document…).

    `load()` fetches the page's object through its `access_*_by_id` helper, before anything else, so an
    id of another residence is a 404 whatever the method. Valid and accepted by `action(obj, data)`: a
    success message and back to the page (`redirect_to`, the object's id). Invalid or refused by the
    service: the page again (400), built by `context(obj, **{form_name: form})`, with that form showing
    its errors; the object is read again, as the refused write left it (rolled back).
    """
    obj = load()
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            action(obj, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, success)
            return redirect(redirect_to, obj.pk)
    return render(request, template, context(load(), **{form_name: form}), status=400)


def user_label(request) -> str:
    """Who did it, as recorded on a write (booking, check, incident): the account's name or e-mail."""
    user = request.user
    return (getattr(user, "full_name", "") or getattr(user, "email", "")) if user.is_authenticated else ""


# --- One form rendering for every app ---------------------------------------------------------
from django.forms.renderers import TemplatesSetting  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

EMPTY_LABELS = {"---------", "—", "-", ""}
PHONE_NAMES = ("phone", "telephone", "mobile")


def _is_phone(name: str) -> bool:
    return any(name == n or name.endswith("_" + n) for n in PHONE_NAMES)


def polish_widget(widget: dict) -> None:
    """What every control gets, whatever form it is in: e-mail and phone fields bring up the right
    phone keyboard (type=tel, inputmode) and say whether the browser may fill them in, and an empty
    choice reads « Choisir… ». Our e-mail and phone fields hold someone else's details (a resident's,
    a partner's): `autocomplete="off"` unless the form says otherwise, so the coordinator's own
    number is never suggested; the log-in form's own fields keep Django's `username`/`email`.
    A hidden input carries no aria-* attribute (invalid HTML)."""
    attrs = widget.setdefault("attrs", {})
    kind, name = widget.get("type"), widget.get("name") or ""
    if kind == "hidden":
        # Django describes a field's hidden initial value by its help text too; HTML forbids aria-* there.
        for attr in [a for a in attrs if a.startswith("aria-")]:
            del attrs[attr]
    if kind == "email":
        attrs.setdefault("autocomplete", "off")
        attrs.setdefault("inputmode", "email")
    elif kind in ("text", "tel") and _is_phone(name):
        widget["type"] = "tel"
        attrs.setdefault("inputmode", "tel")
        attrs.setdefault("autocomplete", "off")
    for _group, options, _index in widget.get("optgroups") or ():
        for option in options:
            if option.get("value") in ("", None) and str(option.get("label", "")).strip() in EMPTY_LABELS:
                option["label"] = _("Choisir…")


class FormRenderer(TemplatesSetting):
    """Django 5 form templates for the whole project: `forms/field.html` puts radio and checkbox
    labels beside their control and `forms/error_summary.html` lists errors at the top."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if isinstance(widget, dict):
            polish_widget(widget)
        return super().render(template_name, context, request=request)
class DistinctIds:
    """Field ids prefixed by `id_prefix` ("task-title"), so several forms on one page never share an id
    and each label points to its own field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
