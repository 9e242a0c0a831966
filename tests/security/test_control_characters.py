"""NUL bytes and other control characters: one rule (apes_platform.input_rules), pages and API.

A search box with `x%00` used to answer 500 on the session page, the attendance page,
/api/activities/?search=, the drop-in visit pages and the anonymous check-in page. Now any
text carrying a control character is refused with a 400 naming the field, in French, and
nothing is saved; tab and line breaks in a textarea are still accepted.
"""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from core.activities.factories import ActivityFactory
from core.imports.services import import_validate
from core.imports.specs import RESIDENTS
from core.partners.models import Partner
from core.people.factories import ResidentFactory
from core.safety.models import Incident
from tests.conftest import aware, client_on

NOW = aware(2026, 10, 10, 15)
MESSAGE = "caractère de contrôle"


@pytest.fixture
def activity(residence_a, in_schema):
    with in_schema(residence_a):
        ResidentFactory(first_name="Ginette")
        return ActivityFactory(starts_at=NOW, ends_at=NOW + dt.timedelta(hours=2))


def search_pages(activity):
    return [
        f"/activites/{activity.pk}/",             # the session page (registration picker)
        f"/activites/{activity.pk}/presences/",   # the attendance page
        "/permanences/",                          # drop-in visits list
        "/permanences/passage/",                  # drop-in visit form and its resident picker
        "/permanences/passage/habitants/",
        "/habitants/",
        "/activites/",
    ]


@pytest.mark.parametrize("bad", ["x\x00", "\x00", "Gi\x01nette", "x\x1b[31m", "x\x7f"])
def test_control_characters_in_a_search_are_a_clear_400_on_pages(bad, activity, residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    for path in search_pages(activity):
        for name in ("q", "search"):
            response = client.get(path, {name: bad})
            assert response.status_code == 400, (path, name, response.status_code)
            page = response.content.decode()
            assert MESSAGE in page and f"« {name} »" in page, (path, page)


@time_machine.travel(NOW, tick=False)
def test_anonymous_check_in_page_refuses_a_nul_byte(activity, residence_a):
    phone = client_on(residence_a)
    response = phone.get(f"/pointage/{activity.check_in_token}/", {"q": "Gi\x00"})
    assert response.status_code == 400 and MESSAGE in response.content.decode()
    assert phone.get(f"/pointage/{activity.check_in_token}/", {"q": "Gin"}).status_code == 200


def test_api_search_and_bodies_refuse_control_characters(activity, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.get("/api/activities/", {"search": "x\x00"})
    assert response.status_code == 400
    assert MESSAGE in response.json()["search"][0]
    created = client.post("/api/partners/", {"name": "Centre\x00 social", "kind": "association"},
                          content_type="application/json")
    assert created.status_code == 400 and list(created.json()) == ["name"]
    nested = client.post("/api/partners/", '{"name": "ok", "contact_name": "\\ud800"}', content_type="application/json")
    assert nested.status_code == 400 and list(nested.json()) == ["contact_name"]
    with in_schema(residence_a):
        assert not Partner.objects.exists()
    assert client.get("/api/activities/", {"search": "=HYPERLINK(1)"}).status_code == 200  # formula-like: text


def test_a_form_post_with_a_nul_byte_saves_nothing(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/partenaires/nouveau/", {"name": "Amicale\x00", "kind": "association"})
    assert response.status_code == 400 and "« name »" in response.content.decode()
    with in_schema(residence_a):
        assert not Partner.objects.exists()


def test_a_path_with_a_control_character_is_a_400(residence_a, coordinator_a):
    response = client_on(residence_a, coordinator_a).get("/pointage/ab%00cd/")
    assert response.status_code == 400


def test_tab_and_line_breaks_in_a_textarea_are_kept(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/securite/incidents/nouveau/", {
        "occurred_at": "2026-10-01T10:00", "title": "Chute", "severity": "minor", "status": "open",
        "description": "Ligne 1\r\nLigne 2\tavec tabulation",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    with in_schema(residence_a):
        assert Incident.objects.get().description == "Ligne 1\r\nLigne 2\tavec tabulation"


def test_an_import_cell_with_a_control_character_is_an_error_on_its_cell(residence_a, in_schema):
    content = ("Prénom;Initiale du nom;Pseudonyme;Tranche d'âge;Date du consentement\n"
               "Mar\x01tine;D;;60-74 ans;15/03/2025\n").encode()
    with in_schema(residence_a):
        report = import_validate(spec=RESIDENTS, content=content, filename="habitants.csv")
    assert [(e.line, e.column) for e in report.errors] == [(2, "Prénom")]
    assert MESSAGE in report.errors[0].message


def test_a_control_character_in_a_field_name_is_refused_and_shown_visibly(residence_a, coordinator_a):
    response = client_on(residence_a, coordinator_a).get("/habitants/", {"q\x00x": "Marie"})
    assert response.status_code == 400 and "« q\ufffdx »" in response.content.decode()


def test_a_malformed_form_body_is_a_400_not_a_server_error(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    broken = client.generic("PUT", "/api/partners/1/", b"--x\r\nnot a part", content_type="multipart/form-data")
    assert broken.status_code == 400
    odd_length = client.generic("POST", "/api/partners/", b'{"name": "ok"}', content_type="application/json",
                                CONTENT_LENGTH="abc")
    assert odd_length.status_code < 500
