"""The demo's head office logs in with the published demo authenticator key, no phone needed."""
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tenants.demo import demo_code, demo_totp_device
from tenants.models import User
from tenants.services import user_create


@pytest.mark.django_db
def test_demo_head_office_passes_the_second_factor_with_the_demo_code():
    user = user_create(email="siege@lapes.demo", password="participactives-demo", full_name="Siège démo",
                       role=User.Role.HEAD_OFFICE)
    demo_totp_device(user)
    client = Client(HTTP_HOST="localhost")
    response = client.post("/connexion/", {"username": user.email, "password": "participactives-demo"})
    assert response.status_code == 302
    blocked = client.get("/pilotage/")  # not in before the second factor
    assert blocked.status_code == 302 and "/connexion/verification/" in blocked["Location"]
    assert client.post("/connexion/verification/", {"code": demo_code()}).status_code == 302
    assert client.get("/pilotage/").status_code == 200


def test_demo_code_command_refuses_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_code")
