"""The pages, through the real log-in and the applicant's e-mailed link; every page cross-landlord."""
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from network.calls import services
from network.calls.models import Application, ApplicationStatus, Score
from tests.conftest import client_on
from tests.downloads import body_of
from tests.landlord_calls.conftest import link_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _token_from(message) -> str:
    return re.search(r"/candidater/(?:dossier|resultats)/([\w-]+)/", message.body).group(1)


def test_an_association_applies_through_its_link(call, residence_a, django_capture_on_commit_callbacks):
    anonymous = client_on(None)
    assert call.title in anonymous.get("/candidater/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(f"/candidater/{call.pk}/", {"org_name": "Les Jardiniers",
                                                               "contact_email": "contact@jardiniers.test"})
    assert response.status_code == 200 and "contact@jardiniers.test" in response.content.decode()
    token = _token_from(mail.outbox[-1])
    page = f"/candidater/dossier/{token}/"
    assert "Les Jardiniers" in anonymous.get(page).content.decode()
    response = anonymous.post(page, {"action": "save", "org_name": "Les Jardiniers", "org_id": "123",
                                     "contact_email": "contact@jardiniers.test"})
    assert response.status_code == 200 and "SIRET" in response.content.decode()
    assert anonymous.post(page, {"action": "save", "org_name": "Les Jardiniers", "org_id": "W751234567",
                                 "contact_name": "Awa", "contact_email": "contact@jardiniers.test",
                                 "title": "Jardin partagé", "summary": "Un jardin.", "duration_months": "24",
                                 "residences": [residence_a.pk]}).status_code == 302
    assert anonymous.post(page, {"action": "target", "indicator": "Formé·es", "value": "8", "unit": "locataires",
                                 "per": "year"}).status_code == 302
    assert anonymous.post(page, {"action": "line", "label": "Outils", "amount": "3000"}).status_code == 302
    refused = anonymous.post(page, {"action": "attachment", "kind": "statutes",
                                    "file": SimpleUploadedFile("statuts.pdf", b"not a pdf at all")})
    assert "format accepté" in refused.content.decode()
    assert anonymous.post(page, {"action": "attachment", "kind": "statutes",
                                 "file": SimpleUploadedFile("statuts.pdf", PDF)}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert anonymous.post(page, {"action": "submit"}).status_code == 302
    assert "Accusé de réception" in mail.outbox[-1].subject
    application = Application.objects.get(contact_email="contact@jardiniers.test")
    assert application.status == ApplicationStatus.SUBMITTED
    body = anonymous.get(page).content.decode()
    assert "ne peut plus être modifié" in body
    assert anonymous.post(page, {"action": "save", "org_name": "Autre", "contact_email": "x@x.test"}).status_code == 200
    application.refresh_from_db()
    assert application.org_name == "Les Jardiniers"
    attachment = application.attachments.get()
    own = anonymous.get(f"{page}pieces/{attachment.pk}/")
    assert own.status_code == 200 and body_of(own) == PDF
    # another applicant's link never opens this application nor its file
    other, other_token = services.application_start(call=call, org_name="Autre", contact_email="o@o.test",
                                                    link_url=link_url)
    assert "Les Jardiniers" not in anonymous.get(f"/candidater/dossier/{other_token}/").content.decode()
    assert anonymous.get(f"/candidater/dossier/{other_token}/pieces/{attachment.pk}/").status_code == 404
    assert anonymous.get("/candidater/dossier/not-a-token/").status_code == 404
    attachment.file.delete(save=False)


def _laureate(call, submitted, members, head_office):
    services.eligibility_set(actor=head_office, application=submitted, eligible=True)
    for member in members:
        for criterion in call.criteria.all():
            services.score_set(actor=member.user, application=submitted, criterion=criterion, value=4)
    services.meeting_save(actor=head_office, call=call, held_on=timezone.localdate(), present=members)
    services.decision_set(actor=head_office, application=submitted, outcome="laureate", amount="12000")
    agreement = submitted.agreement
    services.instalment_add(actor=head_office, agreement=agreement, milestone="Signature",
                            due_on=timezone.localdate(), amount="6000")
    token = services.report_link_send(actor=head_office, agreement=agreement, link_url=link_url)
    target = submitted.targets.get()
    report = services.result_report_file(application=submitted, year=1, narrative="Neuf formé·es",
                                         actuals={target.pk: 9})
    return agreement, report, token


def staff_pages(call, submitted, agreement, report, attachment_id):
    return [f"/appels-bailleurs/{call.pk}/", f"/appels-bailleurs/{call.pk}/proces-verbal.pdf",
            f"/appels-bailleurs/candidatures/{submitted.pk}/", f"/appels-bailleurs/laureats/{agreement.pk}/",
            f"/appels-bailleurs/comptes-rendus/{report.pk}/", f"/appels-bailleurs/pieces/{attachment_id}/"]


def test_each_landlord_sees_its_calls_and_a_third_sees_nothing(call, submitted, members, head_office, viewer_l1,
                                                              viewer_l2, third_viewer, coordinator_a):
    from network.calls.services import _store

    stored = _store(application=submitted, file=SimpleUploadedFile("budget.pdf", PDF), kind="budget")
    agreement, report, _token = _laureate(call, submitted, members, head_office)
    pages = staff_pages(call, submitted, agreement, report, stored.pk)
    for user in (head_office, viewer_l1, viewer_l2):
        client = client_on(None, user)
        for page in pages:
            assert client.get(page).status_code == 200, (user, page)
        assert call.title in client.get("/appels-bailleurs/").content.decode()
        assert submitted.title in client.get("/appels-bailleurs/laureats/").content.decode()
    for user in (third_viewer, coordinator_a):
        client = client_on(None, user)
        for page in pages:
            assert client.get(page).status_code == 404, (user, page)
            assert client.post(page, {"action": "decision", "outcome": "refused"}).status_code == 404, (user, page)
        for page in ("/appels-bailleurs/", "/appels-bailleurs/laureats/"):
            response = client.get(page)
            assert response.status_code in (200, 404) and call.title not in response.content.decode()
    anonymous = client_on(None)
    for page in pages:
        assert anonymous.get(page).status_code == 302
    stored.file.delete(save=False)


def test_a_member_scores_on_the_page_and_a_viewer_cannot_decide(call, submitted, members, head_office, viewer_l1):
    services.eligibility_set(actor=head_office, application=submitted, eligible=True)
    client = client_on(None, viewer_l1)
    page = f"/appels-bailleurs/candidatures/{submitted.pk}/"
    data = {"action": "score", **{f"criterion_{c.pk}": "3" for c in call.criteria.all()}}
    assert client.post(page, data).status_code == 302
    assert Score.objects.filter(application=submitted, member__user=viewer_l1).count() == call.criteria.count()
    response = client.post(page, {"action": "decision", "outcome": "laureate", "amount": "100"})
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.ELIGIBLE


def test_the_head_office_opens_a_call_on_its_page(head_office, residence_a, residence_b):
    client = client_on(None, head_office)
    data = {"title": "Appel 2028", "envelope": "20000", "opens_on": timezone.localdate().isoformat(),
            "deadline": (timezone.localtime() + timezone.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
            "funders": f"{residence_a.landlord.short_name} 50\n{residence_b.landlord.short_name} 40"}
    response = client.post("/appels-bailleurs/nouveau/", data)
    assert response.status_code == 200 and "100 %" in response.content.decode()
    data["funders"] = f"{residence_a.landlord.short_name} 50\n{residence_b.landlord.short_name} 50"
    response = client.post("/appels-bailleurs/nouveau/", data)
    assert response.status_code == 302
    from network.calls.models import Call

    call = Call.objects.get(title="Appel 2028")
    assert set(call.residences.all()) >= {residence_a, residence_b}
    assert call.envelope == Decimal("20000")


def test_the_minutes_are_a_pdf(call, submitted, members, head_office):
    _laureate(call, submitted, members, head_office)
    response = client_on(None, head_office).get(f"/appels-bailleurs/{call.pk}/proces-verbal.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_laureate_files_its_report_through_its_link(call, submitted, members, head_office):
    agreement, _report, token = _laureate(call, submitted, members, head_office)
    anonymous = client_on(None)
    page = f"/candidater/resultats/{token}/"
    target = submitted.targets.get()
    assert anonymous.get(page).status_code == 200
    response = anonymous.post(page, {"year": "1", "narrative": "Encore", f"target_{target.pk}": "3"})
    assert response.status_code == 200 and "déjà déposé" in response.content.decode()
    assert anonymous.post(page, {"year": "2", "narrative": "Deuxième année",
                                 f"target_{target.pk}": "7"}).status_code == 302
    assert agreement.reports.count() == 2
    # the applying link does not open the report form
    _app, apply_token = services.application_start(call=call, org_name="X", contact_email="x@x.test",
                                                   link_url=link_url)
    assert anonymous.get(f"/candidater/resultats/{apply_token}/").status_code == 404


def test_a_report_attachment_is_checked_and_served_to_the_funders_only(call, submitted, members, head_office,
                                                                        viewer_l2, third_viewer):
    agreement, _report, token = _laureate(call, submitted, members, head_office)
    target = submitted.targets.get()
    anonymous = client_on(None)
    page = f"/candidater/resultats/{token}/"
    refused = anonymous.post(page, {"year": "2", "narrative": "Deux", f"target_{target.pk}": "4",
                                    "file": SimpleUploadedFile("bilan.pdf", b"plain text, not a pdf")})
    assert refused.status_code == 200 and "format accepté" in refused.content.decode()
    assert agreement.reports.count() == 1  # nothing kept of the refused report
    assert anonymous.post(page, {"year": "2", "narrative": "Deux", f"target_{target.pk}": "4",
                                 "file": SimpleUploadedFile("bilan.pdf", PDF)}).status_code == 302
    attachment = agreement.reports.get(year=2).attachments.get()
    path = f"/appels-bailleurs/pieces/{attachment.pk}/"
    response = client_on(None, viewer_l2).get(path)
    assert response.status_code == 200 and body_of(response) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert client_on(None, third_viewer).get(path).status_code == 404
    attachment.file.delete(save=False)


def test_a_report_refused_on_its_second_file_keeps_neither_file(call, submitted, members, head_office, tmp_path,
                                                                settings):
    settings.MEDIA_ROOT = tmp_path
    _laureate(call, submitted, members, head_office)
    target = submitted.targets.get()
    with pytest.raises(ValidationError):
        services.result_report_file(application=submitted, year=2, narrative="Deux", actuals={target.pk: 4},
                                    files=[SimpleUploadedFile("bilan.pdf", PDF),
                                           SimpleUploadedFile("photos.pdf", b"plain text, not a pdf")])
    assert not submitted.agreement.reports.filter(year=2).exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
