import datetime as dt
from decimal import Decimal

from django.utils import timezone

from network.calls import services
from network.calls.report_sections import landlord_call_laureates
from reporting.indicators import CATALOGUE
from reporting.reports.sections import LANDLORD, ReportContext
from reporting.selectors import ReportingScope
from tests.landlord_calls.conftest import link_url


def _laureate_with_report(call, submitted, members, head_office, residence_b):
    services.eligibility_set(actor=head_office, application=submitted, eligible=True)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate())
    services.decision_set(actor=head_office, application=submitted, outcome="laureate", amount="12000")
    agreement = submitted.agreement
    first = services.instalment_add(actor=head_office, agreement=agreement, milestone="Signature",
                                    due_on=timezone.localdate(), amount="5000")
    services.payment_record(actor=head_office, instalment=first, paid_on=timezone.localdate(), amount="5000")
    target = submitted.targets.get()
    services.result_report_file(application=submitted, year=1, narrative="Année 1", actuals={target.pk: "9"})
    return agreement


def _month():
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime(today.year, today.month, 1))
    return start, start + dt.timedelta(days=32)


def test_indicators_count_what_concerns_the_residence(call, submitted, members, head_office, residence_a,
                                                      residence_b, in_schema):
    _laureate_with_report(call, submitted, members, head_office, residence_b)
    start, end = _month()
    codes = ["landlord_call_applications", "landlord_call_laureates", "landlord_call_amount_committed",
             "landlord_call_amount_paid", "landlord_call_targets_met"]
    with in_schema(residence_a):  # the application names residence A only
        values = {code: CATALOGUE[code].compute(start, end)[0] for code in codes}
    assert values == {"landlord_call_applications": 1, "landlord_call_laureates": 1,
                      "landlord_call_amount_committed": Decimal("12000.00"),
                      "landlord_call_amount_paid": Decimal("5000.00"), "landlord_call_targets_met": Decimal("100.0")}
    with in_schema(residence_b):
        assert CATALOGUE["landlord_call_amount_committed"].compute(start, end)[0] == 0
        assert CATALOGUE["landlord_call_targets_met"].compute(start, end) == (None, 0)


def test_a_project_for_two_residences_splits_its_amount(call, head_office, residence_a, residence_b, in_schema):
    from tests.landlord_calls.conftest import fill_and_submit

    application, _ = services.application_start(call=call, org_name="Asso", contact_email="a@a.test",
                                                link_url=link_url)
    application = fill_and_submit(application, residences=[residence_a, residence_b])
    services.eligibility_set(actor=head_office, application=application, eligible=True)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate())
    services.decision_set(actor=head_office, application=application, outcome="laureate", amount="10000")
    start, end = _month()
    for residence in (residence_a, residence_b):
        with in_schema(residence):
            assert CATALOGUE["landlord_call_amount_committed"].compute(start, end)[0] == Decimal("5000.00")


def test_the_landlord_report_lists_the_laureates_of_its_calls_only(call, submitted, members, head_office,
                                                                   residence_a, residence_b, third_viewer):
    _laureate_with_report(call, submitted, members, head_office, residence_b)
    year = timezone.localdate().year
    for landlord in (residence_a.landlord, residence_b.landlord):
        html = landlord_call_laureates(ReportContext(kind=LANDLORD, year=year, landlord=landlord,
                                                     scope=ReportingScope(kind="landlord", landlord=landlord)))
        assert "Jardin partagé" in html and "Les Jardiniers" in html and "année 1" in html
    third = third_viewer.landlord
    assert landlord_call_laureates(ReportContext(kind=LANDLORD, year=year, landlord=third,
                                                 scope=ReportingScope(kind="landlord", landlord=third))) is None
    assert landlord_call_laureates(ReportContext(kind=LANDLORD, year=year - 1, landlord=residence_a.landlord,
                                                 scope=ReportingScope(kind="landlord",
                                                                      landlord=residence_a.landlord))) is None
