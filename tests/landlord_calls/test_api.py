"""/api/landlord-calls/, /api/landlord-call-applications/, /api/laureates/: scoped like the pages."""
from django.utils import timezone

from network.calls import services
from tests.conftest import client_on
from tests.landlord_calls.conftest import link_url


def _laureate(call, submitted, head_office):
    services.eligibility_set(actor=head_office, application=submitted, eligible=True)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate())
    services.decision_set(actor=head_office, application=submitted, outcome="laureate", amount="9000")
    return submitted.agreement


def test_each_landlord_reads_its_own_and_a_third_nothing(call, other_call, submitted, head_office, viewer_l1,
                                                         viewer_l2, third_viewer, coordinator_a):
    agreement = _laureate(call, submitted, head_office)
    draft, _ = services.application_start(call=call, org_name="Brouillon", contact_email="b@b.test", link_url=link_url)
    seen = {}
    for who, user in {"ho": head_office, "l1": viewer_l1, "l2": viewer_l2}.items():
        client = client_on(None, user)
        calls = client.get("/api/landlord-calls/").json()
        seen[who] = {c["id"] for c in calls["results"]} if isinstance(calls, dict) else {c["id"] for c in calls}
        apps = client.get("/api/landlord-call-applications/").json()
        apps = apps["results"] if isinstance(apps, dict) else apps
        assert [a["id"] for a in apps] == [submitted.pk]  # never the draft
        laureates = client.get("/api/laureates/").json()
        laureates = laureates["results"] if isinstance(laureates, dict) else laureates
        assert [(l["id"], l["amount"]) for l in laureates] == [(agreement.pk, "9000.00")]
        assert client.get(f"/api/laureates/{agreement.pk}/").json()["paid"] == "0.00"
    assert seen == {"ho": {call.pk, other_call.pk}, "l1": {call.pk, other_call.pk}, "l2": {call.pk}}
    assert client_on(None, viewer_l2).get(f"/api/landlord-calls/{other_call.pk}/").status_code == 404
    for user in (third_viewer, coordinator_a):
        client = client_on(None, user)
        for path in ("/api/landlord-calls/", "/api/landlord-call-applications/", "/api/laureates/"):
            body = client.get(path).json()
            assert (body["results"] if isinstance(body, dict) else body) == [], (user, path)
        for path in (f"/api/landlord-calls/{call.pk}/", f"/api/landlord-call-applications/{submitted.pk}/",
                     f"/api/laureates/{agreement.pk}/", f"/api/landlord-call-applications/{draft.pk}/"):
            assert client.get(path).status_code == 404, (user, path)
    assert client_on(None).get("/api/landlord-calls/").status_code in (401, 403)


def test_filters_are_the_pages(call, other_call, head_office):
    client = client_on(None, head_office)
    body = client.get("/api/landlord-calls/", {"q": "Seqens"}).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [c["id"] for c in rows] == [other_call.pk]
    response = client.get("/api/landlord-calls/", {"state": "nope"})
    assert response.status_code == 400 and "state" in response.json()
    assert client.get("/api/landlord-call-applications/", {"call": "x"}).status_code == 400


def test_the_schema_names_the_endpoints(head_office):
    schema = client_on(None, head_office).get("/api/schema/").content.decode()
    for path in ("/api/landlord-calls/", "/api/landlord-call-applications/", "/api/laureates/"):
        assert path in schema
