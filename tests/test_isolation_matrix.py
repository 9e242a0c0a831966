"""Every route of both URL confs, for every persona, on foreign hosts: nothing comes back.

A new route must be listed in ROUTE_KWARGS (how to fill its parameters) or in
PUBLIC_ANONYMOUS (pages any visitor may see); otherwise this test fails.
"""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.activities.factories import ActivityFactory
from core.partners.factories import PartnerFactory
from core.people.factories import ResidentFactory
from core.safety.factories import IncidentFactory, SafetyCheckFactory, SpaceRulesFactory
from core.spaces.factories import BookingFactory, DeskSignInFactory, SpaceFactory
from tests.conftest import client_on

# Routes reachable without an account, on any host.
PUBLIC_ANONYMOUS = {"connexion/", "deconnexion/", "sante/", "i18n/setlang/"}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


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
    """Objects of residence A, with ids that do not exist in B."""
    with in_schema(residence_a):
        resident = ResidentFactory(id=800_001)
        activity = ActivityFactory(id=800_001)
        activity.attendances.create(resident=resident)
        space = SpaceFactory(id=800_001)
        booking = BookingFactory(id=800_001, space=space)
        sign_in = DeskSignInFactory(id=800_001)
        partner = PartnerFactory(id=800_001)
        SpaceRulesFactory(id=800_001, space=space)
        check = SafetyCheckFactory(id=800_001)
        incident = IncidentFactory(id=800_001)
    return {"pk": activity.pk, "activity_id": activity.pk, "space_id": space.pk, "booking_id": booking.pk,
            "sign_in_id": sign_in.pk, "partner_id": partner.pk, "check_id": check.pk, "incident_id": incident.pk}


def test_every_residence_route_refuses_outsiders_and_hides_foreign_ids(
    foreign, residence_a, residence_b, coordinator_a, coordinator_b, viewer_l1, head_office
):
    tenant_routes = [r for r in routes("apes_platform.urls_tenant") if concrete(r, foreign)]
    assert len(tenant_routes) >= 8
    outsiders = {
        "coordinator of A on B": client_on(residence_b, coordinator_a),
        "landlord viewer on A": client_on(residence_a),
        "landlord viewer on B": client_on(residence_b),
    }
    for client in (outsiders["landlord viewer on A"], outsiders["landlord viewer on B"]):
        client.post("/connexion/", {"username": viewer_l1.email, "password": "motdepasse-de-test-2026"})
    outsiders["anonymous on A"] = client_on(residence_a)
    members_of_b = {"coordinator of B": client_on(residence_b, coordinator_b),
                    "head office on B": client_on(residence_b, head_office)}

    for route in tenant_routes:
        path = concrete(route, foreign)
        if route in PUBLIC_ANONYMOUS:
            continue
        for who, client in outsiders.items():
            status = client.get(path).status_code
            if who.startswith("anonymous"):
                assert status in (302, 401, 403), (who, path, status)
            else:
                assert status == 404, (who, path, status)
        for who, client in members_of_b.items():
            # A's ids on B's host: 404 for objects; lists and pages never show A's rows.
            response = client.get(path)
            if "800001" in path:
                assert response.status_code == 404, (who, path, response.status_code)
            else:
                assert response.status_code in (200, 405), (who, path, response.status_code)
                assert "800001" not in response.content.decode(), (who, path)


def test_every_public_route_is_closed_to_anonymous_visitors(db):
    public_routes = [r for r in routes("apes_platform.urls_public") if concrete(r, {"pk": 1})]
    client = client_on(None)
    for route in public_routes:
        if route in PUBLIC_ANONYMOUS:
            continue
        status = client.get(concrete(route, {"pk": 1})).status_code
        assert status in (302, 401, 403), (route, status)
