"""Every route of both URL confs, for every persona, on every host: nothing foreign comes back.

Personas: head office, landlord viewer of L1 (Seqens, owner of A), landlord viewer of L2
(Logirep, owner of B), coordinator of A, coordinator of B, a resident of A in the
portal (magic link), anonymous, and sessions of A replayed by hand on B.
Foreign data is residence A's rows (ids 800001, seen from B's host or by outsiders) and
landlord L1's residence (seen by L2's viewer or B's coordinator on the bare domain).

A new route with URL parameters must get a value: create the object in residence A in
`foreign` and add its parameter to the dict `foreign` returns (public routes: `foreign_public`
overrides, e.g. `pk` is a residence there). Otherwise this test fails.
"""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apes_platform.middleware import ANONYMOUS_PATHS
from core.activities.factories import ActivityFactory, ActivitySeriesFactory
from core.dropins.factories import DropInSlotFactory, DropInVisitFactory, FollowUpFactory
from core.partners.factories import PartnerFactory
from core.people.factories import ResidentFactory
from core.evaluation.factories import NarrativeSectionFactory, SurveyResponseFactory, SurveyWaveFactory
from core.privacy.factories import ConsentFactory
from core.safety.factories import IncidentFactory, SafetyCheckFactory, SpaceRulesFactory
from core.spaces.factories import BookingFactory, DeskSignInFactory, SpaceFactory
from core.messaging.factories import DeliveryFactory, MessageFactory, MessageTemplateFactory
from core.portal.services import activity_ref
from reporting.reports.models import ReportJob
from tests.conftest import aware, client_on

# Routes reachable without an account, on any host.
PUBLIC_ANONYMOUS = {"connexion/", "deconnexion/", "sante/", "i18n/setlang/"}
# The second-factor pages: reached by anyone logged in, they show nothing of a residence.
ACCOUNT_PAGES = {"connexion/verification/", "connexion/double-authentification/"}
FOREIGN_ID = "800001"
REFUSED = (302, 401, 403, 404, 405, 410)
PUBLIC_ANONYMOUS |= {"agenda/ical/<str:token>.ics"}  # private token; isolation in tests/agenda/test_ical.py
# Signed unsubscribe token and the SMS provider's webhooks (bearer token): tests/messaging/test_sending.py.
PUBLIC_ANONYMOUS |= {"messages/desabonnement/<str:unsubscribe_token>/", "messages/webhooks/sms/statut/",
                     "messages/webhooks/sms/reponse/"}


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
        consent = ConsentFactory(id=800_001, resident=resident)
        series = ActivitySeriesFactory(id=800_001)
        # A's check-in token, for a session long past: anonymous visitors get "check-in closed" (403).
        ActivityFactory(series=series, check_in_token="check-in-token-of-residence-a", starts_at=aware(2025, 1, 6))
        wave = SurveyWaveFactory(id=800_001)
        SurveyResponseFactory(id=800_001, wave=wave, resident=resident)
        section = NarrativeSectionFactory(id=800_001)
        slot = DropInSlotFactory(id=800_001)
        follow_up = FollowUpFactory(id=800_001, visit=DropInVisitFactory(id=800_001, resident=resident))
        space = SpaceFactory(id=800_001)
        booking = BookingFactory(id=800_001, space=space)
        sign_in = DeskSignInFactory(id=800_001)
        partner = PartnerFactory(id=800_001)
        SpaceRulesFactory(id=800_001, space=space)
        check = SafetyCheckFactory(id=800_001)
        incident = IncidentFactory(id=800_001)
        message = MessageFactory(id=800_001, status="sending")
        template = MessageTemplateFactory(id=800_001)
        delivery = DeliveryFactory(id=800_001, message=message, resident=resident)
    job = ReportJob.objects.create(id=800_001, kind=ReportJob.Kind.RESIDENCE, residence=residence_a, year=2025,
                                   status=ReportJob.Status.DONE, pdf=b"%PDF-1.7", filename="a.pdf")
    return {"pk": activity.pk, "activity_id": activity.pk, "resident_id": resident.pk, "series_id": series.pk,
            "token": "check-in-token-of-residence-a", "consent_id": consent.pk, "kind": "habitants", "fmt": "csv",
            "section_id": section.pk, "job_id": job.pk, "slot_id": slot.pk, "follow_up_id": follow_up.pk,
            "space_id": space.pk, "booking_id": booking.pk, "sign_in_id": sign_in.pk, "partner_id": partner.pk,
            "check_id": check.pk, "incident_id": incident.pk,
            "message_id": message.pk, "template_id": template.pk, "delivery_id": delivery.pk,
            "unsubscribe_token": "not-a-token", "ref": activity_ref(activity.pk)}


@pytest.fixture
def foreign_public(residence_a):
    """Values for the bare domain's routes: landlord L1's residence A."""
    return {"pk": residence_a.pk, "residence_id": residence_a.pk, "landlord_id": residence_a.landlord_id}


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
    return ("/" + route).startswith(ANONYMOUS_PATHS)


def check_refused(who, client, path, *, methods=("get", "post")):
    for method in methods:
        status = getattr(client, method)(path).status_code
        assert status == 404, (who, method, path, status)


def check_anonymous(who, client, route, path, markers):
    response = client.get(path)
    if is_anonymous_path(route):
        # Pages an anonymous visitor may open (log-in, resident portal): no foreign row in them.
        assert response.status_code < 500, (who, path, response.status_code)
        assert not any(m in response.content.decode() for m in markers), (who, path)
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
            assert not any(m in response.content.decode() for m in markers), ("resident of A", path)
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
                assert FOREIGN_ID not in response.content.decode(), (who, path)


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
                assert not any(m in response.content.decode() for m in markers), (who, path)
        assert head_office_client.get(path).status_code < 500, ("head office", path)
