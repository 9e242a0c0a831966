"""Sentry set-up: optional, tagged with the residence, free of personal data."""
import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

# Request parts that may hold personal data (session, form fields, names in URLs' query).
_SCRUBBED_REQUEST_KEYS = ("cookies", "data", "query_string", "env")


def scrub_event(event, hint):
    """Remove anything that could identify a resident or a user before it leaves."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in _SCRUBBED_REQUEST_KEYS:
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                k: v for k, v in headers.items() if k.lower() not in {"cookie", "authorization", "x-csrftoken"}
            }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("extra", None)
    for exc in (event.get("exception") or {}).get("values", []):
        # Exception messages may quote model field values (a resident's name).
        exc["value"] = "[filtered]" if exc.get("value") else exc.get("value")
    return event


def init_sentry(*, dsn: str, environment: str, transport=None) -> bool:
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        traces_sample_rate=0.0,
        transport=transport,
    )
    return True
