import datetime as dt

from core.people.factories import ResidentFactory
from core.privacy.factories import ConsentFactory
from core.privacy.models import ConsentScope


def email_resident(first_name="Odette", email=None, consent=True, **kwargs):
    resident = ResidentFactory(first_name=first_name, pseudonym="", contact_channel="email",
                               email=email or f"{first_name.lower()}@exemple.fr", **kwargs)
    if consent:
        ConsentFactory(resident=resident, scope=ConsentScope.CONTACT_EMAIL, given_on=dt.date(2026, 1, 5))
    return resident


def sms_resident(first_name="Marcel", phone="06 12 34 56 78", consent=True, **kwargs):
    resident = ResidentFactory(first_name=first_name, pseudonym="", contact_channel="sms", phone=phone, **kwargs)
    if consent:
        ConsentFactory(resident=resident, scope=ConsentScope.CONTACT_SMS, given_on=dt.date(2026, 1, 5))
    return resident
