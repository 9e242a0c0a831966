"""Second factor (TOTP): who must give it, enrolment with a QR code, the code step."""
import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, client_on, make_user, totp_code
from tenants.models import User


def log_in_password_only(residence, user):
    client = client_on(residence)
    assert client.post("/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def code_for(device) -> str:
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(6)


@pytest.mark.parametrize("persona", ["head_office", "viewer_l1"])
def test_head_office_and_landlord_viewers_must_give_the_code(request, persona):
    user = request.getfixturevalue(persona)
    client = log_in_password_only(None, user)
    response = client.get("/api/reporting/indicators/")
    assert response.status_code == 403
    response = client.get("/pilotage/bailleur/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/verification/?next=")
    api = client.get("/api/residences/")
    assert api.status_code == 403 and "Double authentification" in api.json()["detail"]
    wrong = client.post("/connexion/verification/", {"code": "000000"})
    assert wrong.status_code == 200 and "Code incorrect" in wrong.content.decode()
    assert client.post("/connexion/verification/", {"code": totp_code(user), "next": "/pilotage/bailleur/"})[
        "Location"] == "/pilotage/bailleur/"
    assert client.get("/api/reporting/indicators/").status_code == 200


def test_code_step_never_redirects_off_site(head_office):
    client = log_in_password_only(None, head_office)
    response = client.post("/connexion/verification/", {"code": totp_code(head_office), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_head_office_without_an_app_enrols_with_a_qr_code(db):
    user = User.objects.create_user(email="nouveau@lapes.test", password=PASSWORD, full_name="Nouveau",
                                    role=User.Role.HEAD_OFFICE, is_staff=True)
    client = log_in_password_only(None, user)
    response = client.get("/admin/")
    assert response["Location"].startswith("/connexion/double-authentification/")
    page = client.get("/connexion/double-authentification/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/connexion/double-authentification/", {"code": "123"}).status_code == 200  # refused
    response = client.post("/connexion/double-authentification/", {"code": code_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_a_stolen_password_cannot_enrol_a_second_app(head_office):
    client = log_in_password_only(None, head_office)
    response = client.get("/connexion/double-authentification/")
    assert response["Location"].startswith("/connexion/verification/")
    assert TOTPDevice.objects.filter(user=head_office, confirmed=False).count() == 0


def test_coordinators_are_encouraged_not_forced_by_default(residence_a, coordinator_a):
    client = client_on(residence_a)
    response = client.post("/connexion/", {"username": coordinator_a.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "activez la double authentification" in response.content.decode()


@override_settings(MFA_REQUIRED_FOR_COORDINATORS=True)
def test_deployment_may_require_it_of_coordinators(residence_a):
    user = make_user("coord.mfa@lapes.test", User.Role.COORDINATOR, residences=[residence_a])
    client = log_in_password_only(residence_a, user)
    assert client.get("/activites/")["Location"].startswith("/connexion/verification/")
    assert client.post("/connexion/verification/", {"code": totp_code(user)}).status_code == 302
    assert client.get("/activites/").status_code == 200


def test_a_coordinator_who_enrolled_must_give_the_code(residence_a, coordinator_a):
    from tests.conftest import totp_device

    totp_device(coordinator_a)
    client = log_in_password_only(residence_a, coordinator_a)
    assert client.get("/")["Location"].startswith("/connexion/verification/")


def test_session_id_changes_once_the_code_is_given(head_office):
    client = log_in_password_only(None, head_office)
    before = client.cookies["sessionid"].value
    client.post("/connexion/verification/", {"code": totp_code(head_office)})
    assert client.cookies["sessionid"].value != before
