"""Where to go after a form: the one rule for every `next` parameter of the project.

Only a path on the request's own host is followed (`url_has_allowed_host_and_scheme`, with
HTTPS required when the request is secure); anything else, `https://evil.invalid/`,
`//evil.invalid`, `/\\evil.invalid` or a control character, falls back to `default`.
tests/security/test_open_redirect.py walks every view that takes a `next`.
"""
from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str = "/") -> str:
    """The request's `next` (form field, else query string) if it is safe, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_next(request, target) else default


def is_safe_next(request, target: str) -> bool:
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    return url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
