"""Nothing of a residence schema is read by a network page: every query of every bare-domain page of
the network of practice is captured, and none names a residence schema or a table of a residence app."""
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.practice import services
from network.practice.models import EventRegistration
from tests.conftest import client_on
from tests.route_values import residence_a_objects


def tenant_tables() -> set[str]:
    shared = set(settings.SHARED_APPS)
    labels = {app.split(".")[-1] for app in settings.TENANT_APPS if app not in shared}
    return {model._meta.db_table for model in apps.get_models()
            if model._meta.app_label in {apps.get_app_config(label).label for label in labels
                                         if label in {c.label for c in apps.get_app_configs()}}}


def network_paths(ids) -> list[str]:
    return ["/reseau/", "/reseau/?theme=environment&export=csv", f"/reseau/fiches/{ids['sheet_id']}/",
            "/reseau/relecture/", "/reseau/experimentations/", f"/reseau/experimentations/{ids['sheet_id']}/",
            "/reseau/ressources/", f"/reseau/ressources/{ids['resource_id']}/",
            f"/reseau/ressources/versions/{ids['version_id']}/telecharger/", "/reseau/evenements/?when=all",
            f"/reseau/evenements/{ids['event_id']}/", "/reseau/ressources/nouvelle/", "/reseau/evenements/nouveau/"]


@pytest.mark.django_db
def test_no_network_page_queries_a_residence_table(residence_a, residence_b, head_office, coordinator_b,
                                                   viewer_l1, in_schema):
    ids = residence_a_objects(residence_a, in_schema)
    from network.practice.models import PracticeSheet

    PracticeSheet.objects.filter(pk=ids["sheet_id"]).update(is_experiment=True)
    sheet = PracticeSheet.objects.get(pk=ids["sheet_id"])
    services.sheet_publish(sheet=sheet, actor=head_office, for_landlords=True)
    EventRegistration.objects.create(event_id=ids["event_id"], user=coordinator_b, kind="coordinator",
                                     name="Coord", email="coord.cedres@lapes.test", residence=residence_b)
    forbidden = tenant_tables()
    assert {"people_resident", "activities_activity", "replications_activitytemplate"} <= forbidden
    clients = {"head office": client_on(None, head_office), "coordinator": client_on(None, coordinator_b),
               "landlord viewer": client_on(None, viewer_l1)}
    token = services.calendar_token(user=coordinator_b)
    for who, client in clients.items():
        for path in [*network_paths(ids), f"/reseau/evenements/ical/{token}.ics"]:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code in (200, 403, 404), (who, path, response.status_code)
            for query in captured.captured_queries:
                sql = query["sql"]
                assert not re.search(r'\br_[a-z0-9_]+\b', sql.replace('"', " ")), (who, path, sql)
                named = {t for t in forbidden if f'"{t}"' in sql}
                assert not named, (who, path, named, sql)
    # The pages did show the network's rows (the check above is not vacuous).
    assert "Fiche de A" in clients["coordinator"].get("/reseau/").content.decode()
    assert b"BEGIN:VCALENDAR" in clients["coordinator"].get(f"/reseau/evenements/ical/{token}.ics").content
