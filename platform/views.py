from pathlib import Path

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache

from apes_platform.access import public_view

# Our icon (a house and two residents), shipped with the package's static files.
FAVICON_SVG = (Path(__file__).resolve().parent / "static" / "img" / "favicon.svg").read_bytes()


@public_view
@never_cache
def health(request):
    """Liveness of the database and the cache/broker (Redis)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - reported, not raised
        checks["database"] = "error"
    try:
        from django.core.cache import cache

        cache.set("health", "ok", 5)
        checks["redis"] = "ok" if cache.get("health") == "ok" else "error"
    except Exception:  # noqa: BLE001
        checks["redis"] = "error"
    try:
        from apes_platform.celery import app

        checks["celery"] = "ok" if app.control.ping(timeout=1.0) else "error"
    except Exception:  # noqa: BLE001
        checks["celery"] = "error"
    ok = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


@public_view
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers ask of every host whatever the page says: the SVG icon, no query."""
    return HttpResponse(FAVICON_SVG, content_type="image/svg+xml")
