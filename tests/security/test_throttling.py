"""Scoped DRF rates on log-ins, exports and searches: request N+1 gets a 429 in French."""
import uuid

from django.test import Client

from tests.conftest import client_on, host_of


def low_rates(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"login": "3/min", "export": "2/min", "search": "3/min"}}


def fresh_ip() -> str:
    """An address of its own, so earlier runs' counters in Redis do not count."""
    return "10.%d.%d.%d" % tuple(uuid.uuid4().bytes[:3])


def test_login_posts_are_throttled_per_address(settings, residence_a):
    low_rates(settings)
    client = Client(HTTP_HOST=host_of(residence_a), REMOTE_ADDR=fresh_ip())
    for _ in range(3):
        assert client.post("/connexion/", {"username": "x@lapes.test", "password": "nope"}).status_code == 200
    response = client.post("/connexion/", {"username": "x@lapes.test", "password": "nope"})
    assert response.status_code == 429
    assert "Trop de requêtes" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_api_searches_are_throttled_per_account(settings, residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    low_rates(settings)  # after the log-in: the suite's earlier log-ins share this address
    for _ in range(3):
        assert client.get("/api/residents/", {"search": "Ma"}).status_code == 200
    response = client.get("/api/residents/", {"search": "Ma"})
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de requêtes")
    assert client.get("/api/residents/").status_code == 200  # plain lists are not searches


def test_exports_are_throttled(settings, residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    low_rates(settings)
    for _ in range(2):
        assert client.get("/habitants/", {"export": "csv"}).status_code != 429
    assert client.get("/habitants/", {"export": "csv"}).status_code == 429
