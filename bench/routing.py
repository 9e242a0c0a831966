"""Tenant routing overhead: the same views through the residence subdomain (host lookup, schema
switch, membership check) and through a plain URL conf pinned to that residence, in one process,
alternating blocks of requests so that machine noise hits both alike."""
from __future__ import annotations

import io
import time

from common import host, median, percentile, session_cookie, table

TENANT_MIDDLEWARE = ("apes_platform.middleware.ResidenceTenantMiddleware",
                     "apes_platform.middleware.ResidenceAccessMiddleware")
VIEWS = ["/", "/api/activities/"]


def _handlers():
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    tenant = WSGIHandler()
    plain_chain = ["plain_middleware.PinnedResidenceMiddleware"] + [
        m for m in settings.MIDDLEWARE if m not in TENANT_MIDDLEWARE]
    with override_settings(MIDDLEWARE=plain_chain):
        plain = WSGIHandler()
    return tenant, plain


def _call(handler, path, hostname, cookie) -> int:
    from django.test.client import RequestFactory

    environ = RequestFactory()._base_environ(PATH_INFO=path, HTTP_HOST=hostname, HTTP_COOKIE=cookie,
                                             REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    status = {}

    def start_response(value, headers, exc_info=None):
        status["code"] = int(value.split()[0])

    response = handler(environ, start_response)
    b"".join(response)
    response.close()
    return status["code"]


def _queries(handler, path, hostname, cookie, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before:
        before()
    _call(handler, path, hostname, cookie)  # steady state: what every request after the first costs
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        assert _call(handler, path, hostname, cookie) == 200
    sql = [q["sql"] for q in captured.captured_queries]
    return len(sql), sum(1 for q in sql if q.startswith("SET search_path"))


def run(fixture, *, requests: int) -> str:
    from django.db import connection
    from django.test import override_settings

    import plain_middleware

    residence = fixture.big
    hostname = host(residence)
    cookie = session_cookie(fixture.coordinator, residence)
    tenant, plain = _handlers()
    plain_middleware.PINNED["residence"] = residence

    def pin():
        connection.set_tenant(residence)

    elsewhere = next(r for r in fixture.residences if r.pk != residence.pk)

    def hop():
        """The connection last served another residence (a worker serving many): the request must switch."""
        connection.set_tenant(elsewhere)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    modes = [
        ("non (django-tenants seul)", False, None),
        ("oui (actuel)", True, None),
        ("oui, la connexion sort d'une autre résidence", True, hop),
    ]
    rows = []
    for label, limit_set_calls, before_tenant in modes:
        with override_settings(TENANT_LIMIT_SET_CALLS=limit_set_calls):
            for path in VIEWS:
                for handler in (tenant, plain):  # warm-up: caches, templates, connection
                    if handler is plain:
                        pin()
                    for _ in range(5):
                        assert _call(handler, path, hostname, cookie) == 200
                times = {"tenant": [], "plain": []}
                block = 20
                for _ in range(max(1, requests // block)):
                    for name, handler in (("tenant", tenant), ("plain", plain)):
                        if handler is plain:
                            pin()
                        for _ in range(block):
                            if handler is tenant and before_tenant:
                                before_tenant()
                            started = time.perf_counter()
                            _call(handler, path, hostname, cookie)
                            times[name].append(time.perf_counter() - started)
                tq, tset = _queries(tenant, path, hostname, cookie, before=before_tenant)
                pq, pset = _queries(plain, path, hostname, cookie, before=pin)
                ratio = median(times["tenant"]) / median(times["plain"])
                rows.append([
                    path, label,
                    f"{median(times['plain']) * 1000:.2f}", f"{median(times['tenant']) * 1000:.2f}",
                    f"{percentile(times['plain'], 95) * 1000:.2f}", f"{percentile(times['tenant'], 95) * 1000:.2f}",
                    f"{ratio:.3f}", f"{pq} ({pset} SET)", f"{tq} ({tset} SET)", f"{tq - pq:+d}",
                ])
    return table(
        f"Routage par sous-domaine vs URL conf simple ({residence.slug}, {requests} requêtes par mode et par vue, "
        "coordinatrice connectée)",
        ["vue", "TENANT_LIMIT_SET_CALLS", "simple méd. ms", "sous-domaine méd. ms", "simple p95 ms",
         "sous-domaine p95 ms", "ratio (cible ≤ 1,10)", "requêtes simple", "requêtes sous-domaine", "écart"],
        rows,
    )
