"""Every route of both URL confs, for every persona, on every host: nothing foreign comes back.

Personas: head office, landlord viewer of L1 (Seqens, owner of A), landlord viewer of L2
(Logirep, owner of B), coordinator of A, coordinator of B, a resident of A in the
portal (magic link), anonymous, and sessions of A replayed by hand on B.
Foreign data is residence A's rows (ids 800001, seen from B's host or by outsiders) and
landlord L1's residence (seen by L2's viewer or B's coordinator on the bare domain).

A new route with URL parameters must get a value: create the object in residence A in
`residence_a_objects` (tests/route_values.py, shared with the page suite) and add its parameter to
the dict it returns (public routes: `foreign_public`
overrides, e.g. `pk` is a residence there). Otherwise this test fails.
"""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apes_platform.access import is_public_view
from core.people.factories import ResidentFactory
from tests.conftest import client_on
from tests.downloads import body_of
from tests.route_values import landlord_call_objects, residence_a_objects

# Routes reachable without an account, on any host.
PUBLIC_ANONYMOUS = {"connexion/", "deconnexion/", "sante/", "i18n/setlang/"}
# The second-factor pages: reached by anyone logged in, they show nothing of a residence.
ACCOUNT_PAGES = {"connexion/verification/", "connexion/double-authentification/"}
FOREIGN_ID = "800001"
REFUSED = (302, 401, 403, 404, 405, 410)
PUBLIC_ANONYMOUS |= {"agenda/ical/<str:token>.ics"}  # private token; isolation in tests/agenda/test_ical.py
PUBLIC_ANONYMOUS |= {"favicon.ico"}  # the site's icon, the same on every host (tests/platform/test_favicon.py)


# The views of a residence host an anonymous visitor reaches (marked `@public_view`, apes_platform/access.py),
# each with why. Marking a view public means adding it here, in the same reviewed change.
PUBLIC_VIEWS_ON_RESIDENCE_HOSTS = {
    "connexion/": "the log-in form",
    "sante/": "the load balancer's health check: no data",
    "i18n/setlang/": "choosing the language",
    "portail/": "the resident portal: checks its own resident session",
    "portail/acces/<str:token>/": "opens a resident session from a magic link",
    "portail/quitter/": "closes the resident session",
    "pointage/<str:token>/": "check-in behind a QR code: the token, and the session must be open",
    "agenda/ical/<str:token>.ics": "calendar apps send no cookie: the private token is the check",
    "favicon.ico": "the site's icon, asked by browsers before any log-in: no data",
    "portail/voix/": "residents' voice in the portal: checks the resident portal session",
    "portail/voix/questionnaires/<uuid:questionnaire_key>/": "a questionnaire in the portal: resident session",
    "portail/voix/consultations/<uuid:consultation_key>/": "a vote in the portal: resident session",
    "portail/entree/": "the hall poster's entrance: a magic link or a coordinator's short code (throttled)",
    "portail/agenda/": "the residents' agenda in the portal: resident session",
    "portail/agenda/<str:ref>/": "sign up / cancel in the portal: resident session",
    "portail/idee/": "propose an idea: resident session",
    "portail/savoir-faire/": "offer a skill: resident session",
    "portail/rappels/": "reminder opt-in: resident session",
    "portail/mes-donnees/": "one's own data: resident session",
    "portail/mes-donnees/export.<str:fmt>": "one's own data exported: resident session",
    "messages/desabonnement/<str:unsubscribe_token>/": "one-click unsubscribe (RFC 8058): the signed token decides",
    "messages/webhooks/sms/statut/": "the SMS provider's delivery receipts: bearer token checked by the view",
    "messages/webhooks/sms/reponse/": "the SMS provider's inbound replies (STOP): bearer token checked by the view",
    "messages/webhooks/email/statut/": "the e-mail provider's events (bounces, complaints): bearer token checked by the view",
    "messages/stop/<str:opt_out_code>/": "the SMS opt-out link: the short code (HMAC bound to the residence) decides",
}
# Signed unsubscribe token, the provider's webhooks (bearer token) and the SMS opt-out link (short code):
# tests/messaging/test_sending.py, tests/messaging/test_bounces_and_sms_opt_out.py.
PUBLIC_ANONYMOUS |= {"messages/desabonnement/<str:unsubscribe_token>/", "messages/webhooks/sms/statut/",
                     "messages/webhooks/sms/reponse/", "messages/webhooks/email/statut/",
                     "messages/stop/<str:opt_out_code>/"}
# The landlords' calls' applicants have no account (network/calls, docs/landlord-calls.md): the open calls, a
# call's page that e-mails a link, and the pages opened by that link (the hashed, expiring token is the check;
# `test_an_applicants_link_opens_its_application_only` below).
PUBLIC_VIEWS_ON_BARE_DOMAIN = {
    "candidater/": "the open landlords' calls: no applicant data",
    "candidater/<int:landlord_call_id>/": "an open call and the form that e-mails an applicant its link",
    "candidater/dossier/<str:access_token>/": "the applicant's own application, opened by its link",
    "candidater/dossier/<str:access_token>/pieces/<int:attachment_id>/": "an attachment of that application",
    "candidater/resultats/<str:access_token>/": "a laureate's result report form, opened by its link",
}
PUBLIC_ANONYMOUS |= set(PUBLIC_VIEWS_ON_BARE_DOMAIN)


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def public_routes_of(urlconf: str) -> set[str]:
    found = set()

    def visit(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                visit(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and is_public_view(entry.callback):
                found.add(prefix + str(entry.pattern))

    visit(get_resolver(urlconf).url_patterns)
    return found


def test_the_public_views_of_a_residence_host_are_exactly_the_allow_list():
    """A new view is private unless marked; a view marked public must be listed above, with why."""
    assert public_routes_of("apes_platform.urls_tenant") == set(PUBLIC_VIEWS_ON_RESIDENCE_HOSTS)


def test_the_marked_public_views_of_the_bare_domain_are_the_allow_list():
    """On the bare domain too, a view an anonymous visitor uses is marked `@public_view` and listed, with why."""
    marked = public_routes_of("apes_platform.urls_public") - set(PUBLIC_VIEWS_ON_RESIDENCE_HOSTS)
    assert marked == set(PUBLIC_VIEWS_ON_BARE_DOMAIN)


def test_an_applicants_link_opens_its_application_only(foreign_public, residence_a):
    """Another applicant's link, an unknown or expired one: never A's application, its file or its report form."""
    import datetime as dt

    from django.utils import timezone

    from network.calls.models import AccessLink, Call
    from network.calls.services import application_start

    other_call = Call.objects.get(pk=foreign_public["landlord_call_id"])
    _other, other_token = application_start(call=other_call, org_name="Autre association",
                                            contact_email="autre@asso.test", link_url=lambda t: t)
    anonymous = client_on(None)
    own = anonymous.get(f"/candidater/dossier/{foreign_public['access_token']}/")
    markers = (f"Association de {residence_a.name}", f"Projet pour {residence_a.name}")
    assert own.status_code == 200 and all(m in body_of(own).decode() for m in markers)
    attachment = foreign_public["attachment_id"]
    for token in (other_token, "unknown-token", foreign_public["access_token"] + "x"):
        response = anonymous.get(f"/candidater/dossier/{token}/")
        assert not any(m in body_of(response).decode() for m in markers), token
        assert anonymous.get(f"/candidater/dossier/{token}/pieces/{attachment}/").status_code == 404
        assert anonymous.get(f"/candidater/resultats/{token}/").status_code == 404
    AccessLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert anonymous.get(f"/candidater/dossier/{foreign_public['access_token']}/").status_code == 404


def test_an_unmarked_view_asks_an_anonymous_visitor_to_log_in(residence_a):
    response = client_on(residence_a).get("/activites/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    api = client_on(residence_a).get("/api/activities/")
    assert api.status_code == 401 and api.json()["detail"]


def concrete(route: str, ids: dict) -> str | None:
    """Turn a route into a path with the foreign residence's ids; None for format-suffix variants."""
    if "format>" in route or route.startswith("admin/"):
        return None
    def value(match):
        assert match.group(1) in ids, f"no value for parameter {match.group(1)} of {route}"
        return str(ids[match.group(1)])

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def routes(urlconf: str) -> list[str]:
    return sorted(set(walk(get_resolver(urlconf).url_patterns)))


@pytest.fixture
def foreign(residence_a, residence_b, in_schema):
    """Objects of residence A, with ids that do not exist in B (tests/route_values.py)."""
    return residence_a_objects(residence_a, in_schema)


@pytest.fixture
def foreign_public(residence_a):
    """Values for the bare domain's routes: landlord L1's residence A."""
    return {"pk": residence_a.pk, "residence_id": residence_a.pk, "landlord_id": residence_a.landlord_id,
            **landlord_call_objects(residence_a)}


@pytest.fixture
def resident_portal_a(residence_a, in_schema):
    """A browser on A's host holding a resident session opened by a magic link."""
    from core.portal.services import magic_link_create

    with in_schema(residence_a):
        resident = ResidentFactory(first_name="Portail")
        _, token = magic_link_create(resident=resident, created_by_id=1)
    client = client_on(residence_a)
    assert client.post(f"/portail/acces/{token}/").status_code == 302
    return client


def replayed(client, residence):
    """Another browser on `residence`'s host, holding `client`'s cookies copied by hand."""
    thief = client_on(residence)
    thief.cookies = client.cookies
    return thief


def is_anonymous_path(route: str) -> bool:
    return route in PUBLIC_VIEWS_ON_RESIDENCE_HOSTS


def check_refused(who, client, path, *, methods=("get", "post")):
    for method in methods:
        status = getattr(client, method)(path).status_code
        assert status == 404, (who, method, path, status)


def check_anonymous(who, client, route, path, markers):
    response = client.get(path)
    if is_anonymous_path(route):
        # Pages an anonymous visitor may open (log-in, resident portal): no foreign row in them.
        assert response.status_code < 500, (who, path, response.status_code)
        assert not any(m in body_of(response).decode() for m in markers), (who, path)
    else:
        assert response.status_code in (302, 401, 403), (who, path, response.status_code)


def test_every_residence_route_refuses_outsiders_and_hides_foreign_ids(
    foreign, residence_a, residence_b, coordinator_a, coordinator_b, viewer_l1, viewer_l2, head_office,
    resident_portal_a,
):
    tenant_routes = [r for r in routes("apes_platform.urls_tenant") if concrete(r, foreign)]
    assert len(tenant_routes) >= 8
    markers = (FOREIGN_ID,)
    coordinator_a_on_a = client_on(residence_a, coordinator_a)
    outsiders = {  # logged in through the form of a host they do not belong to
        "coordinator of B on A": client_on(residence_a, coordinator_b),
        "coordinator of A on B": client_on(residence_b, coordinator_a),
        "landlord viewer L1 on A": client_on(residence_a, viewer_l1),
        "landlord viewer L2 on A": client_on(residence_a, viewer_l2),
        "landlord viewer L1 on B": client_on(residence_b, viewer_l1),
        "landlord viewer L2 on B": client_on(residence_b, viewer_l2),
    }
    anonymous = {
        "anonymous on A": client_on(residence_a),
        "anonymous on B": client_on(residence_b),
        "coordinator of A's session replayed on B": replayed(coordinator_a_on_a, residence_b),
        "resident of A's session replayed on B": replayed(resident_portal_a, residence_b),
    }
    members_of_b = {"coordinator of B on B": client_on(residence_b, coordinator_b),
                    "head office on B": client_on(residence_b, head_office)}

    for route in tenant_routes:
        path = concrete(route, foreign)
        if route in PUBLIC_ANONYMOUS:
            continue
        for who, client in outsiders.items():
            check_refused(who, client, path)
        for who, client in anonymous.items():
            check_anonymous(who, client, route, path, markers)
        # The resident of A, in the portal: the portal only, and nobody else's rows in it.
        response = resident_portal_a.get(path)
        if route.startswith("portail/"):
            assert response.status_code < 500, ("resident of A", path, response.status_code)
            assert not any(m in body_of(response).decode() for m in markers), ("resident of A", path)
        else:
            assert response.status_code in REFUSED, ("resident of A", path, response.status_code)
        if route in ACCOUNT_PAGES:
            continue
        for who, client in members_of_b.items():
            # A's ids on B's host: 404 for objects, reads and writes; lists and pages never show A's rows.
            response = client.get(path)
            if FOREIGN_ID in path:
                assert response.status_code == 404, (who, path, response.status_code)
                for method in ("post", "put", "delete"):
                    status = getattr(client, method)(path, content_type="application/json").status_code
                    assert status in (400, 403, 404, 405), (who, method, path, status)
            else:
                assert response.status_code in (200, *REFUSED), (who, path, response.status_code)
                assert FOREIGN_ID not in body_of(response).decode(), (who, path)


def test_every_public_route_hides_other_landlords_and_refuses_anonymous(
    foreign, foreign_public, residence_a, residence_b, coordinator_a, coordinator_b, viewer_l1, viewer_l2,
    head_office, resident_portal_a,
):
    ids = {**foreign, **foreign_public}
    public_routes = [r for r in routes("apes_platform.urls_public") if concrete(r, ids)]
    assert len(public_routes) >= 6
    a_markers = (residence_a.slug, residence_a.name)
    b_markers = (residence_b.slug, residence_b.name)
    # Who must never see whose residence on the bare domain.
    personas = {
        "landlord viewer L2": (client_on(None, viewer_l2), a_markers),
        "landlord viewer L1": (client_on(None, viewer_l1), b_markers),
        "coordinator of B": (client_on(None, coordinator_b), a_markers),
        "coordinator of A": (client_on(None, coordinator_a), b_markers),
    }
    head_office_client = client_on(None, head_office)
    anonymous = {
        "anonymous": client_on(None),
        "resident of A's session replayed on the bare domain": replayed(resident_portal_a, None),
        "head office session of A replayed on the bare domain": replayed(client_on(residence_a, head_office), None),
    }
    for route in public_routes:
        if route in PUBLIC_ANONYMOUS:
            continue
        path = concrete(route, ids)
        for who, client in anonymous.items():
            status = client.get(path).status_code
            assert status in (302, 401, 403), (who, path, status)
        for who, (client, markers) in personas.items():
            response = client.get(path)
            assert response.status_code < 500, (who, path, response.status_code)
            if response.status_code == 200:
                assert not any(m in body_of(response).decode() for m in markers), (who, path)
        assert head_office_client.get(path).status_code < 500, ("head office", path)


# Issue 13: control characters and formula-like text in every query and form, on every route.
HOSTILE_GET = {
    "control": {"q": "x\x00", "search": "Gi\x01nette", "page": "1\x00"},
    "formula": {"q": '=HYPERLINK("http://evil.invalid/","x")', "search": "@SUM(A1:A9)", "page": "-1"},
}
HOSTILE_POST = {
    "control": {"q": "x\x00", "name": "Amicale\x00", "title": "\x1b[2J", "note": "a\x7f", "next": "/\x00"},
    "formula": {"q": "=1+1", "name": '=HYPERLINK("http://evil.invalid/","x")', "title": "+33 1 02",
                "note": "-2+3", "description": "\t=1+1", "next": "https://evil.invalid/"},
}


def check_hostile(who, client, path, *, post=True):
    if path == "/sante/":
        return  # reads no input; answers 503 when a dependency of the test run (worker) is down
    for kind, query in HOSTILE_GET.items():
        status = client.get(path, query).status_code
        assert status < 500, (who, "GET", kind, path, status)
        if kind == "control":
            assert status == 400, (who, "GET", kind, path, status)
    if not post:
        return
    for kind, data in HOSTILE_POST.items():
        status = client.post(path, data).status_code
        assert status < 500, (who, "POST", kind, path, status)
        if kind == "control":
            assert status == 400, (who, "POST", kind, path, status)


def test_every_route_survives_control_characters_and_formula_like_text(
    foreign, foreign_public, residence_a, coordinator_a, head_office,
):
    """As a member (who reaches every page) and anonymous: never a server error; a control character
    is always the input rule's 400 (apes_platform.input_rules), whoever asks and wherever."""
    tenant_clients = {"coordinator of A on A": client_on(residence_a, coordinator_a),
                      "anonymous on A": client_on(residence_a)}
    for route in routes("apes_platform.urls_tenant"):
        path = concrete(route, foreign)
        if path is None:
            continue
        for who, client in tenant_clients.items():
            check_hostile(who, client, path, post=route != "deconnexion/")
    ids = {**foreign, **foreign_public}
    public_clients = {"head office": client_on(None, head_office), "anonymous": client_on(None)}
    for route in routes("apes_platform.urls_public"):
        path = concrete(route, ids)
        if path is None:
            continue
        for who, client in public_clients.items():
            check_hostile(who, client, path, post=route != "deconnexion/")
