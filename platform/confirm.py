"""A destructive action asks first: a GET shows what will happen, only a POST does it. One rule, here.

Every delete (or removal) without a form of its own goes through `confirm_then`; the page is
`confirm.html` on the host's own base (a residence, or the bare domain). The object was fetched by its
`access_*_by_id` helper before the call, so an id of another residence is a 404 whatever the method.
"""
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django_tenants.utils import get_public_schema_name


def confirm_then(request, *, do: Callable[[], object], done: str, then: str, title: str, question: str,
                 confirm: str, back: str, note: str = "", subnav: str = ""):
    """GET: the confirmation page (`title` as heading, `question`, an optional `note`, the `confirm` button
    and « Non, revenir » to `back`). POST: `do()`, the `done` message and off to `then`; a refusal of the
    service is shown as an error message back on `back`, a permission refusal is a 404."""
    if request.method == "POST":
        try:
            do()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(request, done)
        return redirect(then)
    public = connection.schema_name == get_public_schema_name()
    return render(request, "confirm.html", {
        "base_template": "public_base.html" if public else "residence_base.html", "title": title,
        "question": question, "note": note, "confirm": confirm, "back": back, "subnav": subnav})
