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
