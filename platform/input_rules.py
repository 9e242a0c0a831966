"""The one input rule for text: no control characters, on pages and API alike.

A NUL byte in a search box used to be a 500 (PostgreSQL refuses it in text), and other
control characters end up in exports and spreadsheets. `InputRuleMiddleware` checks every
request once, before any view: the URL path, every query-string and form name and value,
and every string of a JSON body. A request carrying one is refused with a 400 that names
the field, in French: an HTML page for pages, `{"<field>": ["…"]}` for the API (DRF's shape).

What is refused (`CONTROL_CHARACTERS`): U+0000–U+001F except tab, line feed and carriage
return (a textarea sends those), U+007F, and lone surrogates. In the URL path even tab and
line breaks are refused. Uploaded files are not text fields: imports apply the same rule
per cell (`core.imports.services`).

Forms need nothing of their own: the rule runs before any form is bound, so the form
templates and widgets (ui shell) are free to change. Formula-like text (`=…`, `+…`) is
legitimate input; it is made harmless where it could run, in exports (apes_platform.exports).
"""
from __future__ import annotations

import io
import json
import re

from django.http import HttpResponse, JsonResponse, QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext as _

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
PATH_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
JSON_BODY_MAX_BYTES = 2 * 1024 * 1024


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def control_character_message(field: str) -> str:
    return _("« %(field)s » contient un caractère de contrôle (invisible) non autorisé : "
             "retirez-le et réessayez.") % {"field": field}


def _json_offender(value, name: str = "") -> str | None:
    """The name of the first JSON field holding a control character (in a key or a string), or None."""
    if isinstance(value, str):
        return name or "body" if has_control_characters(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if has_control_characters(str(key)):
                return "body"
            found = _json_offender(item, name or _shown(str(key)))
            if found:
                return found
    if isinstance(value, list):
        for item in value:
            found = _json_offender(item, name)
            if found:
                return found
    return None


def _form_data(request):
    """The form fields of the body; Django parses them for POST only, the API takes PUT/PATCH too.
    A body that is not a valid form is a 400 (BadRequest), never a server error."""
    from django.core.exceptions import BadRequest
    from django.http.multipartparser import MultiPartParser, MultiPartParserError

    try:
        if request.method == "POST":
            return request.POST
        if request.content_type == "multipart/form-data":
            return MultiPartParser(request.META, io.BytesIO(request.body), request.upload_handlers,
                                   request.encoding).parse()[0]
        return QueryDict(request.body, encoding=request.encoding)
    except MultiPartParserError as exc:
        raise BadRequest(_("Le formulaire envoyé est mal formé.")) from exc


def _shown(name: str) -> str:
    """A field name as the refusal shows it (its own control characters made visible)."""
    return CONTROL_CHARACTERS.sub("\ufffd", name) or "?"


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def request_offender(request) -> str | None:
    """The field (or "path") of the request that breaks the rule, or None."""
    if PATH_CONTROL_CHARACTERS.search(request.path_info):
        return "path"
    for name, values in request.GET.lists():
        if has_control_characters(name) or any(has_control_characters(v) for v in values):
            return _shown(name)
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, values in _form_data(request).lists():
            if has_control_characters(name) or any(has_control_characters(v) for v in values):
                return _shown(name)
    elif content_type.endswith("json") and 0 < _content_length(request) <= JSON_BODY_MAX_BYTES:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None  # not JSON: the API's own parser answers 400
        return _json_offender(data)
    return None


class InputRuleMiddleware:
    """Refuses (400) a request whose text carries a control character; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = request_offender(request)
        if field is not None:
            return self.refuse(request, field)
        return self.get_response(request)

    @staticmethod
    def refuse(request, field: str):
        label = _("adresse de la page") if field == "path" else field
        message = control_character_message(label)
        if request.path_info.startswith("/api/"):
            return JsonResponse({field: [message]}, status=400)
        title = _("Saisie refusée")
        page = format_html(
            '<!doctype html><html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
            '<body><main><h1>{}</h1><p role="alert">{}</p><p><a href="/">{}</a></p></main></body></html>',
            getattr(request, "LANGUAGE_CODE", "fr"), title, title, message, _("Retour à l'accueil"),
        )
        return HttpResponse(page, status=400, content_type="text/html; charset=utf-8")
