"""The Aides-territoires feed, against a local HTTP stub of its API: pages, token refresh, 429, 5xx,
malformed items, dedupe, updates flagged, coordinator's status and notes kept, nothing half-imported."""
import pytest

from core.funding.aides_territoires import AidesTerritoiresClient
from core.funding.models import CallForProjects, CallStatus, FeedRun
from core.funding.services import calls_feed_import, call_update
from tests.conftest import client_on
from tests.funding.stub_aides_territoires import API_KEY, Stub, aid


@pytest.fixture
def stub():
    server = Stub().start()
    yield server
    server.stop()


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def client(stub, sleeps):
    return AidesTerritoiresClient(base_url=stub.base_url, api_key=API_KEY, timeout=5, max_retries=3,
                                  backoff=0.5, sleep=sleeps.append)


def test_pages_are_followed_to_the_end_with_the_bearer_token(residence_a, in_schema, stub, client):
    with in_schema(residence_a):
        run = calls_feed_import(residence=residence_a, client=client)
        assert (run.status, run.created, run.updated, run.skipped) == ("ok", 3, 0, 0)
        call = CallForProjects.objects.get(source_id="1001")
        assert call.title == "Appel à projets n° 1" and call.funder_name == "Fondation de France"
        assert call.url.endswith("/aides/aide-1/") and call.description == "Soutien aux initiatives d'habitants."
        assert call.eligible == ["association", "residents_group"] and call.deadline.isoformat() == "2026-12-31"
        assert call.status == CallStatus.WATCHED and call.subvention_rate_max == 80
    connexion = [r for r in stub.requests if r[0] == "POST"]
    assert len(connexion) == 1 and connexion[0][2]["X-AUTH-TOKEN"] == API_KEY
    aids = [r for r in stub.requests if r[1].startswith("/api/aids/")]
    assert len(aids) == 2 and "perimeter=95861-saint-denis" in aids[0][1]
    assert "targeted_audiences=association" in aids[0][1] and "targeted_audiences=private_person" in aids[0][1]
    assert all(r[2]["Authorization"] == "Bearer jeton-1" for r in aids)


def test_second_run_dedupes_flags_updates_and_keeps_the_coordinators_status_and_notes(
        residence_a, in_schema, stub, client):
    with in_schema(residence_a):
        calls_feed_import(residence=residence_a, client=client)
        call = CallForProjects.objects.get(source_id="1002")
        call_update(call=call, status=CallStatus.NOT_FOR_US, notes="Trop loin de nos projets")
        stub.pages = [[aid(1), aid(2, name="Appel n° 2 (prolongé)", submission_deadline="2027-01-31",
                                date_updated="2026-07-01T09:00:00+02:00")], [aid(3)]]
        run = calls_feed_import(residence=residence_a, client=client)
        assert (run.created, run.updated, run.unchanged) == (0, 1, 2)
        assert CallForProjects.objects.count() == 3
        call.refresh_from_db()
        assert call.title == "Appel n° 2 (prolongé)" and call.deadline.isoformat() == "2027-01-31"
        assert call.updated_at_source is True
        assert (call.status, call.notes) == (CallStatus.NOT_FOR_US, "Trop loin de nos projets")
        assert not CallForProjects.objects.get(source_id="1001").updated_at_source


def test_an_expired_token_is_refreshed_once(residence_a, in_schema, stub, client):
    stub.expire_first_token = True
    with in_schema(residence_a):
        run = calls_feed_import(residence=residence_a, client=client)
        assert run.status == "ok" and run.created == 3
    assert stub.tokens_issued == 2


def test_a_refused_key_imports_nothing_and_says_why(residence_a, in_schema, stub):
    bad = AidesTerritoiresClient(base_url=stub.base_url, api_key="mauvaise-cle", sleep=lambda s: None)
    with in_schema(residence_a):
        run = calls_feed_import(residence=residence_a, client=bad)
        assert run.status == FeedRun.Status.FAILED and "Clé Aides-territoires refusée (401)" in run.error
        assert not CallForProjects.objects.exists()


def test_429_waits_for_retry_after_and_5xx_backs_off(residence_a, in_schema, stub, client, sleeps):
    stub.rate_limit_times = 1
    stub.server_errors = 2
    with in_schema(residence_a):
        run = calls_feed_import(residence=residence_a, client=client)
        assert run.status == "ok" and run.created == 3
    assert sleeps == [1.0, 1.0, 2.0]  # Retry-After: 1, then the backoff of attempts 2 and 3


def test_a_server_failing_for_good_leaves_nothing_half_imported(residence_a, in_schema, stub, client, sleeps):
    stub.fail_page = 2  # page 1 was fine
    with in_schema(residence_a):
        run = calls_feed_import(residence=residence_a, client=client)
        assert run.status == FeedRun.Status.FAILED and "500" in run.error
        assert not CallForProjects.objects.exists()
    assert sleeps == [0.5, 1.0, 2.0]


def test_a_malformed_item_is_skipped_and_reported(residence_a, in_schema, stub, client):
    stub.pages = [[aid(1), {"id": "pas-un-nombre", "name": "X"}, aid(4, submission_deadline="31/12/2026"),
                   aid(5, name="")], [aid(3)]]
    with in_schema(residence_a):
        run = calls_feed_import(residence=residence_a, client=client)
        assert run.status == "ok" and (run.created, run.skipped) == (2, 3)
        reasons = {(p["id"], p["reason"]) for p in run.problems}
        assert ("pas-un-nombre", "identifiant manquant ou illisible") in reasons
        assert (1004, "submission_deadline : date illisible") in reasons
        assert (1005, "intitulé manquant") in reasons


def test_without_a_key_the_feed_is_off_and_the_page_says_how_to_turn_it_on(residence_a, coordinator_a, in_schema,
                                                                          settings):
    settings.AIDES_TERRITOIRES_API_KEY = ""
    with in_schema(residence_a):
        assert calls_feed_import(residence=residence_a) is None
    page = client_on(residence_a, coordinator_a).get("/financements/appels/").content.decode()
    assert "AIDES_TERRITOIRES_API_KEY" in page and "La veille Aides-territoires est désactivée" in page


def test_the_nightly_task_imports_for_each_residence(residence_a, residence_b, in_schema, stub, settings):
    from core.funding.tasks import feed_residence

    settings.AIDES_TERRITOIRES_API_KEY = API_KEY
    settings.AIDES_TERRITOIRES_API_URL = stub.base_url
    with in_schema(residence_a):
        result = feed_residence.run()
        assert result["created"] == 3 and CallForProjects.objects.count() == 3
    with in_schema(residence_b):
        assert not CallForProjects.objects.exists()
