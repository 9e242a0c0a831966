"""The host → residence lookup is cached, and any change to a Residence or Domain drops the entry.

Transactional tests: only committed state is cached, so the cache is exercised as in production.
"""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenants.host_cache import UNKNOWN_HOST, host_cache_clear, host_cache_get, host_cache_set
from tenants.models import Domain, Residence
from tenants.selectors import residence_for_host
from tests.conftest import RESIDENCE_A, client_on, ensure_residence

pytestmark = pytest.mark.django_db(transaction=True)


def lookups(hostname):
    with CaptureQueriesContext(connection) as queries:
        result = residence_for_host(hostname)
    return result, [q["sql"] for q in queries.captured_queries if "tenants_domain" in q["sql"]]


@pytest.fixture(autouse=True)
def empty_host_cache():
    host_cache_clear()


@pytest.fixture
def residence():
    residence = ensure_residence(RESIDENCE_A)
    residence.status = Residence.Status.ACTIVE
    residence.save()
    return residence


def test_second_lookup_hits_no_database(residence):
    host = residence.domains.get().domain
    first, first_queries = lookups(host)
    second, second_queries = lookups(host)

    assert first.pk == second.pk == residence.pk
    assert len(first_queries) == 1
    assert second_queries == []


def test_unknown_host_is_cached_as_unknown():
    assert residence_for_host("nulle-part.localhost") is None
    assert host_cache_get("nulle-part.localhost") == UNKNOWN_HOST
    assert lookups("nulle-part.localhost") == (None, [])


def test_archiving_the_residence_drops_the_entry(residence):
    host = residence.domains.get().domain
    residence_for_host(host)
    residence.status = Residence.Status.ARCHIVED
    residence.save()

    assert host_cache_get(host) is None
    assert residence_for_host(host) is None
    assert client_on(residence).get("/connexion/").status_code == 404


def test_renaming_the_residence_is_seen_at_once(residence):
    host = residence.domains.get().domain
    residence_for_host(host)
    residence.name = "Les Tilleuls rénovés"
    residence.save()

    assert residence_for_host(host).name == "Les Tilleuls rénovés"


def test_new_domain_is_found_even_after_a_cached_miss(residence):
    assert residence_for_host("tilleuls-alias.localhost") is None
    Domain.objects.create(domain="tilleuls-alias.localhost", tenant=residence, is_primary=False)

    assert residence_for_host("tilleuls-alias.localhost").pk == residence.pk


def test_changed_domain_forgets_the_old_host(residence):
    domain = Domain.objects.create(domain="ancien-nom.localhost", tenant=residence, is_primary=False)
    assert residence_for_host("ancien-nom.localhost").pk == residence.pk
    domain.domain = "nouveau-nom.localhost"
    domain.save()

    assert residence_for_host("ancien-nom.localhost") is None
    assert residence_for_host("nouveau-nom.localhost").pk == residence.pk


def test_deleted_domain_and_residence_are_forgotten(residence):
    domain = Domain.objects.create(domain="ephemere.localhost", tenant=residence, is_primary=False)
    assert residence_for_host("ephemere.localhost") is not None
    domain.delete()
    assert residence_for_host("ephemere.localhost") is None


def test_key_is_the_same_from_any_schema(residence):
    host = residence.domains.get().domain
    residence_for_host(host)
    with schema_context(residence.schema_name):
        cached, queries = lookups(host)
        residence.name = "Les Tilleuls"
        residence.save()  # invalidation from a residence schema reaches the public key
    assert cached.pk == residence.pk and queries == []
    assert host_cache_get(host) is None


def test_nothing_is_cached_inside_a_transaction(residence):
    from django.db import transaction

    host = residence.domains.get().domain
    with transaction.atomic():
        residence_for_host(host)
    assert host_cache_get(host) is None


def test_clear_drops_every_host_and_only_hosts():
    from django.core.cache import cache

    host_cache_set("un.localhost", UNKNOWN_HOST)
    host_cache_set("deux.localhost", UNKNOWN_HOST)
    cache.set("autre-cle", "garde", 60)

    assert host_cache_clear() == 2
    assert host_cache_get("un.localhost") is None and host_cache_get("deux.localhost") is None
    assert cache.get("autre-cle") == "garde"


def test_migrate_of_public_clears_hosts_but_not_a_residence_migrate(residence):
    from django.apps import apps

    from tenants.host_cache import _forget_all_after_migrate

    tenants_app = apps.get_app_config("tenants")
    host_cache_set("migre.localhost", UNKNOWN_HOST)
    with schema_context(residence.schema_name):
        _forget_all_after_migrate(sender=tenants_app)
    assert host_cache_get("migre.localhost") == UNKNOWN_HOST

    _forget_all_after_migrate(sender=tenants_app)
    assert host_cache_get("migre.localhost") is None


# Issue 13: one anonymous request spelled otherwise must not take a residence offline.
SPELLINGS = ["TILLEULS-TEST.localhost", "Tilleuls-Test.LOCALHOST", "tilleuls-test.localhost.",
             "tilleuls-test.localhost:8000", "TILLEULS-TEST.LOCALHOST.:8443"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_another_spelling_of_the_host_never_takes_the_residence_offline(residence, spelling):
    """Through the real middleware and the real Redis cache: the odd spelling is the residence too,
    and afterwards the real host still answers."""
    from django.test import Client

    odd = Client(HTTP_HOST=spelling).get("/connexion/")
    assert odd.status_code == 200
    assert host_cache_get(residence.domains.get().domain).pk == residence.pk  # cached, under the one key
    assert client_on(residence).get("/connexion/").status_code == 200
    assert host_cache_get(spelling) is not UNKNOWN_HOST


def test_unknown_spelling_caches_nothing_over_a_real_host(residence):
    from django.test import Client

    assert Client(HTTP_HOST="TILLEULS-TEST-X.localhost").get("/connexion/").status_code == 404
    assert host_cache_get("tilleuls-test-x.localhost") == UNKNOWN_HOST
    assert client_on(residence).get("/connexion/").status_code == 200


def test_normalise_host():
    from tenants.selectors import normalise_host

    assert normalise_host("Tilleuls.Example.ORG.:443") == "tilleuls.example.org"
    assert normalise_host("résidence-été.example.org") == "xn--rsidence-t-b7aib.example.org"
    assert normalise_host("xn--rsidence-t-b7aib.EXAMPLE.org") == "xn--rsidence-t-b7aib.example.org"
    for impossible in ("", ".", "a..b.example.org", "a" * 64 + ".example.org", "[::1]:8000"):
        assert normalise_host(impossible) == "", impossible
    assert residence_for_host("") is None


def test_log_in_through_an_odd_spelling_binds_the_session_to_the_one_spelling(residence):
    from django.test import Client

    from tests.conftest import PASSWORD, make_user
    from tenants.models import User

    user = make_user("coord.casse@lapes.test", User.Role.COORDINATOR, residences=[residence])
    browser = Client(HTTP_HOST="TILLEULS-TEST.localhost")
    assert browser.post("/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    browser.defaults["HTTP_HOST"] = "tilleuls-test.localhost"
    assert browser.get("/habitants/").status_code == 200  # the same host for the browser: still logged in
