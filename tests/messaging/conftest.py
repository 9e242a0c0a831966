import pytest

from tests.messaging.stubs import BrevoStub, SmtpSink


@pytest.fixture
def smtp_sink(settings):
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = False
        yield sink


@pytest.fixture
def brevo(settings):
    with BrevoStub() as stub:
        settings.SMS_BACKEND = "core.messaging.sms.BrevoSmsBackend"
        settings.SMS_BREVO_API_URL = stub.url
        settings.SMS_BREVO_API_KEY = stub.API_KEY
        settings.SMS_SENDER = "Tilleuls"
        yield stub


@pytest.fixture
def daytime():
    """A weekday afternoon in Paris: SMS may go."""
    import time_machine

    with time_machine.travel("2026-12-01 14:00 +01:00", tick=True) as traveller:
        yield traveller
