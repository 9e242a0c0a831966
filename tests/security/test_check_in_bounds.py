"""The public QR check-in page (/pointage/<token>/) is useful but bounded.

Whoever holds the poster may mark only residents registered to that session or found by the
search they typed (three letters at least, ten names at most); a resident id sent by hand is
"not found". Requests are throttled per token, whoever sends them, and the page says it is public.
"""
from __future__ import annotations

import datetime as dt
import uuid

import time_machine
from django.test import Client

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.people.factories import ResidentFactory
from tests.conftest import aware, client_on, host_of

START = aware(2026, 10, 10, 15)


def _session(residence, in_schema):
    with in_schema(residence):
        activity = ActivityFactory(starts_at=START, ends_at=START + dt.timedelta(hours=2),
                                   check_in_token=f"poster-{uuid.uuid4().hex}")
        ginette = ResidentFactory(first_name="Ginette", pseudonym="")
        RegistrationFactory(activity=activity, resident=ginette)
        marcel = ResidentFactory(first_name="Marcel", pseudonym="")
        others = [ResidentFactory(first_name=f"Marie{n:02d}", pseudonym="") for n in range(12)]
    return activity, ginette, marcel, others


def marked(activity, residence, in_schema):
    with in_schema(residence):
        return set(activity.attendances.values_list("resident_id", flat=True))


@time_machine.travel(START, tick=False)
def test_only_registered_or_searched_residents_can_be_marked(residence_a, in_schema):
    activity, ginette, marcel, _ = _session(residence_a, in_schema)
    url = f"/pointage/{activity.check_in_token}/"
    phone = client_on(residence_a)
    # A resident id sent by hand, without the search that shows them: not found, nothing marked.
    refused = phone.post(url, {"resident": marcel.pk})
    assert refused.status_code == 404 and "cherchez votre prénom" in refused.content.decode()
    assert phone.post(url, {"resident": marcel.pk, "q": "Gin"}).status_code == 404  # a search that does not find him
    assert phone.post(url, {"resident": marcel.pk, "q": "Ma"}).status_code == 404   # two letters find nobody
    assert marked(activity, residence_a, in_schema) == set()
    # Registered: a tap is enough. Found by the search: the tap carries it.
    assert phone.post(url, {"resident": ginette.pk}).status_code == 200
    assert phone.post(url, {"resident": marcel.pk, "q": "Marc"}).status_code == 200
    assert marked(activity, residence_a, in_schema) == {ginette.pk, marcel.pk}


@time_machine.travel(START, tick=False)
def test_the_search_needs_three_letters_and_shows_ten_names_at_most(residence_a, in_schema):
    activity, _, marcel, others = _session(residence_a, in_schema)
    url = f"/pointage/{activity.check_in_token}/"
    phone = client_on(residence_a)
    assert "Marcel" not in phone.get(url, {"q": "Ma"}).content.decode()
    html = phone.get(url, {"q": "Mar"}).content.decode()
    shown = [r for r in [marcel, *others] if r.first_name in html]
    assert len(shown) == 10
    # Its buttons carry the search, so a tap on a shown name is accepted.
    assert 'name="q" value="Mar"' in html


@time_machine.travel(START, tick=False)
def test_requests_are_throttled_per_token_whatever_the_address(settings, residence_a, in_schema):
    activity, ginette, _, _ = _session(residence_a, in_schema)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                          "check_in": "5/min"}}
    url = f"/pointage/{activity.check_in_token}/"
    for n in range(5):  # five phones, five addresses: one poster
        phone = Client(HTTP_HOST=host_of(residence_a), REMOTE_ADDR=f"10.13.0.{n + 1}")
        assert phone.get(url, {"q": f"Gin{'e' * n}"}).status_code == 200
    refused = Client(HTTP_HOST=host_of(residence_a), REMOTE_ADDR="10.13.0.99").post(url, {"resident": ginette.pk})
    assert refused.status_code == 429 and "Trop de requêtes" in refused.content.decode()
    assert marked(activity, residence_a, in_schema) == set()
    # Another session's poster has its own counter.
    other, _, _, _ = _session(residence_a, in_schema)
    assert client_on(residence_a).get(f"/pointage/{other.check_in_token}/").status_code == 200


@time_machine.travel(START, tick=False)
def test_the_page_says_it_is_public(residence_a, in_schema):
    activity, _, _, _ = _session(residence_a, in_schema)
    html = client_on(residence_a).get(f"/pointage/{activity.check_in_token}/").content.decode()
    assert "Page publique" in html and "Touchez seulement votre propre nom" in html
