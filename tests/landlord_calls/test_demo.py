from django.core import mail
from django.utils import timezone

from network.calls.demo import demo_populate
from network.calls.models import ApplicationStatus, Score
from network.calls.selectors import agreement_paid, call_list_for_user, targets_vs_actuals


def test_the_demo_has_a_call_for_two_landlords_with_a_laureate_and_its_year_one(
        head_office, viewer_l1, viewer_l2, third_viewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = demo_populate(head_office=head_office, viewers=[viewer_l1, viewer_l2], today=timezone.localdate())
    assert mail.outbox == []  # the demo's associations are made up
    assert call.funders.count() == 2
    assert set(call.applications.values_list("status", flat=True)) == {ApplicationStatus.LAUREATE,
                                                                       ApplicationStatus.REFUSED}
    assert Score.objects.filter(application__call=call).values("member").distinct().count() == 2
    agreement = call.applications.get(status=ApplicationStatus.LAUREATE).agreement
    assert agreement_paid(agreement=agreement) == 9000
    assert targets_vs_actuals(agreement=agreement)[0]["actuals"][0][0] == 1
    assert call in call_list_for_user(actor=viewer_l2) and not call_list_for_user(actor=third_viewer).exists()
