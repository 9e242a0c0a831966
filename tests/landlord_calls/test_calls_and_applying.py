import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from network.calls import selectors, services
from network.calls.models import ApplicationStatus
from tests.landlord_calls.conftest import fill_and_submit, link_url

pytestmark = pytest.mark.django_db(transaction=False)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_only_the_head_office_opens_a_call_with_shares_adding_to_100(head_office, viewer_l1, residence_a, residence_b):
    kwargs = dict(title="Appel", envelope=Decimal("1000"), opens_on=timezone.localdate(),
                  deadline=timezone.now() + dt.timedelta(days=3))
    with pytest.raises(PermissionDenied):
        services.call_create(actor=viewer_l1, funders=[(residence_a.landlord, 100)], **kwargs)
    with pytest.raises(ValidationError) as err:
        services.call_create(actor=head_office, funders=[(residence_a.landlord, 60), (residence_b.landlord, 30)],
                             **kwargs)
    assert "funders" in err.value.message_dict
    with pytest.raises(ValidationError) as err:  # B's residence on a call funded by A's landlord alone
        services.call_create(actor=head_office, funders=[(residence_a.landlord, 100)], residences=[residence_b],
                             **kwargs)
    assert "residences" in err.value.message_dict
    call = services.call_create(actor=head_office, funders=[(residence_a.landlord, 100)], residences=[residence_a],
                                **kwargs)
    assert [c.weight for c in call.criteria.all()] == [3, 2, 2, 1, 1]


def test_an_association_gets_a_link_by_email_and_only_its_hash_is_stored(call):
    application, token = services.application_start(call=call, org_name="Amicale", contact_email="a@amicale.test",
                                                     link_url=link_url)
    assert len(mail.outbox) == 0  # sent on commit
    assert application.links.get().token_hash != token and token not in application.links.get().token_hash
    assert selectors.application_for_token(token=token) == application
    with pytest.raises(Http404):
        selectors.application_for_token(token=token + "x")
    application.links.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(Http404):
        selectors.application_for_token(token=token)


def test_the_link_email_is_sent(call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _application, token = services.application_start(call=call, org_name="Amicale",
                                                          contact_email="a@amicale.test", link_url=link_url)
    assert mail.outbox[0].to == ["a@amicale.test"] and link_url(token) in mail.outbox[0].body


def test_siret_or_rna_is_checked(call):
    application, _ = services.application_start(call=call, org_name="Amicale", contact_email="a@amicale.test",
                                                 link_url=link_url)
    with pytest.raises(ValidationError) as err:
        services.application_update(application=application, org_id="12345")
    assert "org_id" in err.value.message_dict
    assert services.application_update(application=application, org_id="12345678901234").org_id == "12345678901234"


def test_submission_requires_the_essentials_then_freezes_and_receipts(call, residence_a,
                                                                    django_capture_on_commit_callbacks):
    application, _ = services.application_start(call=call, org_name="Amicale", contact_email="a@amicale.test",
                                                 link_url=link_url)
    with pytest.raises(ValidationError) as err:
        services.application_submit(application=application)
    assert {"title", "summary", "targets", "budget_lines"} <= set(err.value.message_dict)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = fill_and_submit(application, residences=[residence_a])
    assert submitted.status == ApplicationStatus.SUBMITTED and submitted.submitted_at
    assert "Accusé de réception" in mail.outbox[-1].subject
    with pytest.raises(ValidationError) as err:
        services.application_update(application=submitted, title="Autre titre")
    assert "status" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.budget_line_add(application=submitted, label="Encore", amount="10")


def test_submission_after_the_deadline_is_refused(call):
    application, _ = services.application_start(call=call, org_name="Amicale", contact_email="a@amicale.test",
                                                 link_url=link_url)
    call.deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    with pytest.raises(ValidationError) as err:
        fill_and_submit(application)
    assert "call" in err.value.message_dict
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_closed_call_takes_no_new_draft(call):
    call.deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    with pytest.raises(ValidationError) as err:
        services.application_start(call=call, org_name="Amicale", contact_email="a@a.test", link_url=link_url)
    assert "call" in err.value.message_dict


def test_residences_of_an_application_are_the_calls(other_call, residence_b):
    application, _ = services.application_start(call=other_call, org_name="Amicale", contact_email="a@a.test",
                                                link_url=link_url)
    with pytest.raises(ValidationError) as err:
        services.application_update(application=application, residences=[residence_b])
    assert "residences" in err.value.message_dict


def test_attachments_are_checked_by_content_and_stored_outside_media_urls(call, settings):
    application, _ = services.application_start(call=call, org_name="Amicale", contact_email="a@a.test",
                                                link_url=link_url)
    with pytest.raises(ValidationError) as err:
        services.attachment_add(application=application, file=SimpleUploadedFile("statuts.pdf", b"MZ not a pdf"),
                                kind="statutes")
    assert "file" in err.value.message_dict
    attachment = services.attachment_add(application=application, file=SimpleUploadedFile("statuts.pdf", PDF),
                                         kind="statutes")
    assert attachment.content_type == "application/pdf"
    assert attachment.file.path.startswith(str(settings.MEDIA_ROOT / "landlord_calls"))
    assert attachment.file.storage.base_url is None  # never a media URL
    attachment.file.delete(save=False)


def test_who_sees_which_call(call, other_call, submitted, head_office, viewer_l1, viewer_l2, third_viewer,
                             coordinator_a):
    assert set(selectors.call_list_for_user(actor=head_office)) == {call, other_call}
    assert set(selectors.call_list_for_user(actor=viewer_l1)) == {call, other_call}
    assert set(selectors.call_list_for_user(actor=viewer_l2)) == {call}
    assert not selectors.call_list_for_user(actor=third_viewer).exists()
    assert not selectors.call_list_for_user(actor=coordinator_a).exists()
    for actor in (third_viewer, coordinator_a):
        with pytest.raises(Http404):
            selectors.access_call_by_id(actor=actor, id=call.pk)
        with pytest.raises(Http404):
            selectors.access_application_by_id(actor=actor, id=submitted.pk)
    with pytest.raises(Http404):
        selectors.access_call_by_id(actor=viewer_l2, id=other_call.pk)
    assert selectors.access_application_by_id(actor=viewer_l2, id=submitted.pk) == submitted


def test_a_draft_is_its_applicants_only(call, head_office, viewer_l1):
    application, _ = services.application_start(call=call, org_name="Amicale", contact_email="a@a.test",
                                                link_url=link_url)
    for actor in (head_office, viewer_l1):
        with pytest.raises(Http404):
            selectors.access_application_by_id(actor=actor, id=application.pk)
