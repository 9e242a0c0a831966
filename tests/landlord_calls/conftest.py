"""A call co-funded by the two test landlords (60/40), the committee, and a third landlord who funds nothing."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from network.calls import services
from tenants.models import Landlord, User
from tests.conftest import make_user


def link_url(token):
    return f"http://localhost/appels-a-projets/dossier/{token}/"


@pytest.fixture
def third_viewer(db):
    landlord = Landlord.objects.create(name="Troisième bailleur", short_name="Tiers")
    return make_user("lecture@tiers.test", User.Role.LANDLORD_VIEWER, landlord=landlord)


@pytest.fixture
def call(head_office, residence_a, residence_b):
    now = timezone.now()
    return services.call_create(
        actor=head_office, title="Vivre ensemble 2027", envelope=Decimal("50000"),
        opens_on=timezone.localdate() - dt.timedelta(days=5), deadline=now + dt.timedelta(days=20),
        funders=[(residence_a.landlord, Decimal("60")), (residence_b.landlord, Decimal("40"))],
        themes="lien social, numérique", residences=[residence_a, residence_b],
        committee_on=timezone.localdate() + dt.timedelta(days=40))


@pytest.fixture
def other_call(head_office, residence_a):
    """A call funded by L1 alone."""
    return services.call_create(
        actor=head_office, title="Appel de Seqens seul", envelope=Decimal("10000"),
        opens_on=timezone.localdate() - dt.timedelta(days=5), deadline=timezone.now() + dt.timedelta(days=20),
        funders=[(residence_a.landlord, Decimal("100"))], residences=[residence_a])


def fill_and_submit(application, residences=()):
    application = services.application_update(
        application=application, org_id="W751234567", org_address="3 rue des Lilas, 93200 Saint-Denis",
        contact_name="Awa Diallo", title="Jardin partagé", summary="Un jardin au pied des immeubles.",
        duration_months=24, partners="Régie de quartier", residences=residences)
    services.budget_line_add(application=application, label="Outillage", amount="3000", funder="Ville")
    services.target_add(application=application, indicator="Habitant·es formé·es", value="8", unit="locataires",
                        per="year")
    return services.application_submit(application=application)


@pytest.fixture
def submitted(call, residence_a):
    application, _token = services.application_start(call=call, org_name="Les Jardiniers", 
                                                      contact_email="contact@jardiniers.test", link_url=link_url)
    return fill_and_submit(application, residences=[residence_a])


@pytest.fixture
def members(call, head_office, viewer_l1, viewer_l2):
    return [services.member_add(actor=head_office, call=call, user=u) for u in (viewer_l1, viewer_l2)]
