import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from network.calls import selectors, services
from network.calls.models import Application, ApplicationStatus, Score
from tests.landlord_calls.conftest import link_url


def test_only_the_head_office_and_funding_landlords_sit(call, head_office, viewer_l1, third_viewer, coordinator_a):
    assert services.member_add(actor=head_office, call=call, user=head_office)
    for user in (third_viewer, coordinator_a):
        with pytest.raises(ValidationError) as err:
            services.member_add(actor=head_office, call=call, user=user)
        assert "user" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        services.member_add(actor=viewer_l1, call=call, user=viewer_l1)


def test_scoring_needs_a_seat_no_conflict_and_an_eligible_application(call, other_call, submitted, members,
                                                                    head_office, viewer_l1, viewer_l2):
    criterion = call.criteria.first()
    with pytest.raises(ValidationError) as err:
        services.score_set(actor=viewer_l1, application=submitted, criterion=criterion, value=4)
    assert "application" in err.value.message_dict
    services.eligibility_set(actor=head_office, application=submitted, eligible=True)
    with pytest.raises(PermissionDenied):  # head office does not sit on this committee
        services.score_set(actor=head_office, application=submitted, criterion=criterion, value=4)
    with pytest.raises(ValidationError) as err:
        services.score_set(actor=viewer_l1, application=submitted, criterion=criterion, value=6)
    assert "value" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.score_set(actor=viewer_l1, application=submitted, criterion=other_call.criteria.first(), value=3)
    assert "criterion" in err.value.message_dict
    services.score_set(actor=viewer_l1, application=submitted, criterion=criterion, value=4)
    services.score_set(actor=viewer_l1, application=submitted, criterion=criterion, value=5)  # changes its mind
    assert Score.objects.get(application=submitted, criterion=criterion).value == 5
    services.conflict_declare(actor=viewer_l2, application=submitted, reason="Administratrice de l'association")
    with pytest.raises(PermissionDenied):
        services.score_set(actor=viewer_l2, application=submitted, criterion=criterion, value=1)
    assert Score.objects.filter(application=submitted).count() == 1


def test_a_member_cannot_score_another_calls_application(call, other_call, head_office, viewer_l1, viewer_l2):
    application, _ = services.application_start(call=other_call, org_name="Asso", contact_email="x@x.test",
                                                link_url=link_url)
    from tests.landlord_calls.conftest import fill_and_submit

    fill_and_submit(application)
    services.member_add(actor=head_office, call=call, user=viewer_l2)
    services.eligibility_set(actor=head_office, application=application, eligible=True)
    with pytest.raises(PermissionDenied):
        services.score_set(actor=viewer_l2, application=application, criterion=other_call.criteria.first(), value=3)


@pytest.mark.django_db(transaction=True)
def test_two_members_scoring_at_once_never_lose_a_score(head_office, viewer_l1, viewer_l2, residence_a, residence_b):
    """Two real connections (threads) write every criterion at the same moment."""
    call = services.call_create(
        actor=head_office, title="Concurrence", envelope=Decimal("1000"), opens_on=timezone.localdate(),
        deadline=timezone.now() + dt.timedelta(days=2),
        funders=[(residence_a.landlord, 50), (residence_b.landlord, 50)])
    application, _ = services.application_start(call=call, org_name="Asso", contact_email="x@x.test",
                                                link_url=link_url)
    from tests.landlord_calls.conftest import fill_and_submit

    fill_and_submit(application)
    services.eligibility_set(actor=head_office, application=application, eligible=True)
    members = [viewer_l1, viewer_l2]
    for user in members:
        services.member_add(actor=head_office, call=call, user=user)
    criteria = list(call.criteria.all())
    barrier = threading.Barrier(4)
    errors = []

    def score(user, value):
        try:
            barrier.wait(timeout=10)
            for criterion in criteria:
                services.score_set(actor=user, application=application, criterion=criterion, value=value)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    # each member scores twice at once (two tabs) and both members at the same time
    threads = [threading.Thread(target=score, args=(u, v)) for u in members for v in (2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = Score.objects.filter(application=application)
    assert rows.count() == len(members) * len(criteria)
    assert {r.value for r in rows} <= {2, 3}
    row = selectors.ranking(call=call)[0]
    assert row["scorers"] == 2


def _eligible(submitted, head_office):
    return services.eligibility_set(actor=head_office, application=submitted, eligible=True)


def test_the_committee_names_a_laureate_within_the_envelope(call, submitted, members, head_office,
                                                            django_capture_on_commit_callbacks):
    _eligible(submitted, head_office)
    with pytest.raises(ValidationError) as err:  # no meeting yet
        services.decision_set(actor=head_office, application=submitted, outcome="laureate", amount="20000")
    assert "outcome" in err.value.message_dict
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate(), present=members,
                          hearings="Audition des Jardiniers", notes="Avis favorable")
    with pytest.raises(ValidationError) as err:
        services.decision_set(actor=head_office, application=submitted, outcome="laureate", amount="60000")
    assert "amount" in err.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_set(actor=head_office, application=submitted, outcome="laureate", amount="20000")
    assert decision.amount == Decimal("20000")
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.LAUREATE and submitted.agreement.amount == Decimal("20000")
    assert "Décision du comité" in mail.outbox[-1].subject and mail.outbox[-1].to == ["contact@jardiniers.test"]


def test_instalments_payments_and_a_year_one_report(call, submitted, members, head_office, viewer_l2, third_viewer):
    _eligible(submitted, head_office)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate())
    services.decision_set(actor=head_office, application=submitted, outcome="laureate", amount="10000")
    agreement = submitted.agreement
    first = services.instalment_add(actor=head_office, agreement=agreement, milestone="Signature",
                                    due_on=timezone.localdate(), amount="6000")
    with pytest.raises(ValidationError) as err:
        services.instalment_add(actor=head_office, agreement=agreement, milestone="Bilan", due_on=timezone.localdate(),
                                amount="5000")
    assert "amount" in err.value.message_dict
    services.payment_record(actor=head_office, instalment=first, paid_on=timezone.localdate(), amount="6000")
    with pytest.raises(ValidationError) as err:
        services.payment_record(actor=head_office, instalment=first, paid_on=timezone.localdate(), amount="1")
    assert "amount" in err.value.message_dict
    assert selectors.agreement_paid(agreement=agreement) == Decimal("6000")
    token = services.report_link_send(actor=head_office, agreement=agreement, link_url=link_url)
    application = selectors.application_for_token(token=token, purpose="report")
    target = application.targets.get()
    services.result_report_file(application=application, year=1, narrative="Huit locataires formé·es.",
                                actuals={target.pk: "9"})
    with pytest.raises(ValidationError):
        services.result_report_file(application=application, year=1, narrative="Encore", actuals={})
    rows = selectors.targets_vs_actuals(agreement=agreement)
    assert rows[0]["actuals"] == [(1, Decimal("9.00"))]
    assert selectors.access_agreement_by_id(actor=viewer_l2, id=agreement.pk) == agreement
    with pytest.raises(Http404):
        selectors.access_agreement_by_id(actor=third_viewer, id=agreement.pk)
    with pytest.raises(Http404):
        selectors.access_report_by_id(actor=third_viewer, id=agreement.reports.get().pk)


def test_refused_applications_are_anonymised_after_the_retention(call, submitted, head_office):
    _eligible(submitted, head_office)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate())
    services.decision_set(actor=head_office, application=submitted, outcome="refused")
    assert services.refused_applications_purge() == 0
    later = timezone.now() + dt.timedelta(days=services.retention_days() + 1)
    assert services.refused_applications_purge(now=later) == 1
    row = Application.objects.get(pk=submitted.pk)
    assert row.contact_email == "" and row.contact_name == "" and row.org_name == "Les Jardiniers"
    assert not row.links.exists()


def test_the_retention_command_runs(call, submitted, head_office):
    from django.core.management import call_command

    _eligible(submitted, head_office)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate())
    services.decision_set(actor=head_office, application=submitted, outcome="refused")
    Application.objects.filter(pk=submitted.pk)
    from network.calls.models import Decision

    Decision.objects.filter(application=submitted).update(decided_at=timezone.now() - dt.timedelta(days=3000))
    call_command("landlord_calls_retention")
    assert Application.objects.get(pk=submitted.pk).contact_email == ""


def test_the_nightly_task_is_scheduled_and_purges(call, submitted, head_office, settings):
    from network.calls.models import Decision
    from network.calls.tasks import retention

    assert any(e["task"] == "landlord_calls.retention" for e in settings.CELERY_BEAT_SCHEDULE.values())
    _eligible(submitted, head_office)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate())
    services.decision_set(actor=head_office, application=submitted, outcome="refused")
    assert retention.apply().get() == 0
    Decision.objects.filter(application=submitted).update(decided_at=timezone.now() - dt.timedelta(days=3000))
    assert retention.apply().get() == 1
    assert not Application.objects.get(pk=submitted.pk).attachments.exists()
