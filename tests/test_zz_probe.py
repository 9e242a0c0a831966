import traceback
from django.urls import get_resolver
from tests.conftest import client_on
from tests.test_isolation_matrix import concrete, walk
from tests.browser.test_pages import SKIPPED, _seed


def test_probe(residence_a, coordinator_a, head_office, viewer_l1, in_schema):
    ids = _seed(residence_a, in_schema)
    public_ids = {"pk": residence_a.pk, "residence_id": residence_a.pk, "landlord_id": residence_a.landlord_id,
                  "job_id": ids["job_id"]}
    bad = []
    for who, residence, user, urlconf, values in [
        ("coordination", residence_a, coordinator_a, "apes_platform.urls_tenant", ids),
        ("siège", None, head_office, "apes_platform.urls_public", public_ids),
        ("bailleur", None, viewer_l1, "apes_platform.urls_public", public_ids)]:
        client = client_on(residence, user)
        client.raise_request_exception = True
        for route in sorted(set(walk(get_resolver(urlconf).url_patterns))):
            path = concrete(route, values)
            if path is None or SKIPPED.search(path):
                continue
            try:
                client.get(path)
            except Exception as exc:
                bad.append(f"{who} {path}: {type(exc).__name__}: {exc} @ {traceback.extract_tb(exc.__traceback__)[-1]}")
    assert not bad, "\n".join(bad)
