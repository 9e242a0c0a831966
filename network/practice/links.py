"""Links between the bare domain and the residence hosts (same scheme and port as the request)."""
from django.conf import settings


def _origin(request, host: str) -> str:
    port = request.get_port()
    suffix = "" if str(port) in ("80", "443", "") else f":{port}"
    return f"{request.scheme}://{host}{suffix}"


def bare_domain_url(request, path: str) -> str:
    return _origin(request, settings.BASE_DOMAIN) + path


def residence_url(request, residence, path: str) -> str:
    from tenants.services import residence_domain

    return _origin(request, residence_domain(residence.slug)) + path
