"""django-axes: 5 failed log-ins for one account from one address lock it out, in French."""
from django.test import Client

from tests.conftest import PASSWORD, host_of


def attempt(residence, email, password, ip):
    return Client(HTTP_HOST=host_of(residence), REMOTE_ADDR=ip).post(
        "/connexion/", {"username": email, "password": password})


def test_fifth_failure_locks_the_account_from_that_address(residence_a, coordinator_a):
    for _ in range(4):
        assert attempt(residence_a, coordinator_a.email, "mauvais-mot-de-passe", "10.9.0.1").status_code == 200
    locked = attempt(residence_a, coordinator_a.email, "mauvais-mot-de-passe", "10.9.0.1")
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion échouées" in locked.content.decode()
    # Even the right password is refused now, from that address...
    assert attempt(residence_a, coordinator_a.email, PASSWORD, "10.9.0.1").status_code == 429
    # ...but the same person elsewhere, and another account from there, still get in.
    assert attempt(residence_a, coordinator_a.email, PASSWORD, "10.9.0.2").status_code == 302


def test_cool_off_lifts_the_lockout(residence_a, coordinator_a, settings):
    import datetime as dt

    import time_machine

    for _ in range(5):
        attempt(residence_a, coordinator_a.email, "mauvais-mot-de-passe", "10.9.0.3")
    assert attempt(residence_a, coordinator_a.email, PASSWORD, "10.9.0.3").status_code == 429
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)):
        assert attempt(residence_a, coordinator_a.email, PASSWORD, "10.9.0.3").status_code == 302


def test_passwords_need_twelve_characters_not_common_not_numeric(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from tenants.models import User

    user = User(email="camille.martin@lapes.test", full_name="Camille Martin", role=User.Role.COORDINATOR)
    for weak in ("court-2026", "123456789012", "password1234", "camille.martin"):
        try:
            validate_password(weak, user)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
    validate_password("jardin-partage-des-tilleuls", user)
