"""In the browser: residents' voice (issue 19) — a questionnaire answered on a phone through a magic link;
a paper questionnaire and a paper ballot typed in by the coordinator, after which the same resident is
refused online; the findings report; a match suggested and an exchange logged."""
import re

from core.people.factories import ResidentFactory
from core.portal.services import magic_link_create
from core.voice import services
from core.voice.factories import ConsultationFactory
from core.voice.models import SkillCategory, SkillDirection, SkillExchange, Submission, VoterRegisterEntry
from tests.browser.conftest import log_in
from tests.voice.conftest import build_questionnaire


def _open_portal(page, live, residence, resident, in_schema):
    with in_schema(residence):
        _, token = magic_link_create(resident=resident, created_by_id=1)
    page.goto(live.url(residence, f"/portail/acces/{token}/"))
    page.get_by_role("button", name="Ouvrir mon espace").click()
    page.wait_for_load_state()


def test_a_resident_answers_a_questionnaire_on_a_phone(live, phone_page, residence_a, in_schema):
    with in_schema(residence_a):
        questionnaire, _q = build_questionnaire(title="Vos envies pour la résidence")
        odette = ResidentFactory(first_name="Odette")
    _open_portal(phone_page, live, residence_a, odette, in_schema)
    phone_page.get_by_role("link", name="Donner mon avis : questionnaires et votes").click()
    phone_page.get_by_role("link", name="Vos envies pour la résidence").click()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "ni information de santé" in phone_page.content()
    phone_page.get_by_role("button", name="Envoyer mes réponses").click()
    assert "obligatoire" in phone_page.get_by_role("alert").inner_text()  # nothing saved, the field is named
    phone_page.get_by_label("Aide numérique").check()
    phone_page.get_by_label("Oui").check()
    phone_page.get_by_label("4").check()
    phone_page.get_by_role("button", name="Envoyer mes réponses").click()
    phone_page.wait_for_load_state()
    assert "Merci, vos réponses sont enregistrées." in phone_page.content()
    assert "déjà répondu, merci" in phone_page.content()
    with in_schema(residence_a):
        submission = Submission.objects.get(questionnaire=questionnaire)
        assert submission.resident_id == odette.pk and submission.source == "portal"


def test_paper_questionnaire_and_paper_ballot_then_refused_online(live, page, phone_page, residence_a, coordinator_a,
                                                                  in_schema):
    with in_schema(residence_a):
        questionnaire, _q = build_questionnaire(title="Diagnostic papier")
        consultation = ConsultationFactory(question="Quelle sortie cet été ?")
        marcel = ResidentFactory(first_name="Marcel", last_name_initial="", pseudonym="")
        option = consultation.options.first()
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, f"/voix/questionnaires/{questionnaire.pk}/saisie/"))
    page.get_by_label(re.compile(r"^Habitant·e\s*:?$")).select_option(label="Marcel")
    page.get_by_label("Recueilli").select_option(label="questionnaire papier saisi par la coordination")
    page.get_by_label("Non").check()
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.wait_for_load_state()
    assert "Réponse enregistrée (questionnaire papier saisi par la coordination)." in page.content()
    page.goto(live.url(residence_a, f"/voix/consultations/{consultation.pk}/"))
    page.get_by_label("Votant·e (émargement)").select_option(label="Marcel")
    page.get_by_label(option.label).check()
    page.get_by_role("button", name="Enregistrer le bulletin").click()
    page.wait_for_load_state()
    assert "Bulletin papier de Marcel enregistré." in page.content()

    _open_portal(phone_page, live, residence_a, marcel, in_schema)
    phone_page.goto(live.url(residence_a, "/portail/voix/"))
    content = phone_page.content()
    assert "déjà répondu, merci" in content and "déjà voté, merci" in content
    phone_page.goto(live.url(residence_a, f"/portail/voix/consultations/{consultation.key}/"))
    assert "Vous avez déjà participé" in phone_page.content()
    with in_schema(residence_a):
        assert VoterRegisterEntry.objects.filter(consultation=consultation).count() == 1
        assert Submission.objects.get(resident=marcel).source == "paper"


def test_findings_report_and_presentation(live, page, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire(title="Diagnostic 2026")
        for i in range(12):
            services.submission_record(questionnaire=questionnaire, source="paper", resident=ResidentFactory(),
                                       answers={q["mood"].pk: q["mood"].options.first().pk})
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, f"/voix/questionnaires/{questionnaire.pk}/"))
    page.get_by_role("link", name="Restitution").click()
    page.wait_for_load_state()
    assert page.locator("img.chart").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en PDF").click()
    assert download.value.suggested_filename == f"restitution-{questionnaire.pk}.pdf"
    page.get_by_role("link", name="Mode présentation (réunion d'habitant·es)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "De quoi auriez-vous besoin ?"
    page.get_by_role("link", name="Suivante →").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vous sentez-vous bien ici ?"
    assert "12" in page.content()


def test_a_match_is_suggested_and_the_exchange_logged(live, page, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        fatima = ResidentFactory(first_name="Fatima", last_name_initial="", pseudonym="", age_band="60-74")
        leo = ResidentFactory(first_name="Léo", last_name_initial="", pseudonym="", age_band="18-25")
        services.skill_entry_add(resident=fatima, direction=SkillDirection.OFFER, category=SkillCategory.SEWING)
        services.skill_entry_add(resident=leo, direction=SkillDirection.WISH, category=SkillCategory.SEWING)
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/voix/savoir-faire/suggestions/"))
    assert "Fatima propose couture, Léo souhaite apprendre" in page.content()
    page.get_by_role("link", name="Noter l'échange").click()
    page.get_by_label("Durée (heures)").fill("2")
    page.get_by_role("button", name="Noter l'échange").click()
    page.wait_for_load_state()
    assert "Échange noté : Fatima → Léo." in page.content()
    with in_schema(residence_a):
        exchange = SkillExchange.objects.get()
        assert (exchange.giver_id, exchange.learner_id, exchange.intergenerational) == (fatima.pk, leo.pk, True)


def test_body_documents_are_uploaded_listed_and_deleted_after_confirmation(live, page, residence_a, coordinator_a,
                                                                           in_schema, tmp_path):
    from core.documents.factories import PDF_BYTES
    from core.voice.factories import GovernanceBodyFactory, MeetingFactory
    from core.voice.models import BodyDocument
    from tests.browser.test_pages import _axe

    with in_schema(residence_a):
        body = GovernanceBodyFactory(name="Comité de résidents")
        meeting = MeetingFactory(body=body)
    statutes = tmp_path / "statuts.pdf"
    statutes.write_bytes(PDF_BYTES)
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, f"/voix/instances/{body.pk}/"))
    page.get_by_label("Fichier").set_input_files(str(statutes))
    page.get_by_label(re.compile(r"^Titre")).fill("Statuts du comité")
    page.get_by_label("Nature du document").select_option(label="statuts")
    page.get_by_role("button", name="Déposer le document").click()
    page.wait_for_load_state()
    assert "Document ajouté." in page.content()
    assert page.get_by_role("link", name="Statuts du comité", exact=True).get_attribute("href").endswith("/telecharger/")
    page.goto(live.url(residence_a, f"/voix/instances/{body.pk}/"))  # axe on the page itself, without the flash
    assert _axe(page) == []
    page.goto(live.url(residence_a, f"/voix/reunions/{meeting.pk}/"))
    assert "Documents de la réunion" in page.content() and "Statuts du comité" not in page.content()
    assert _axe(page) == []
    page.goto(live.url(residence_a, f"/voix/instances/{body.pk}/"))
    page.get_by_role("link", name="Supprimer Statuts du comité").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Supprimer le document ?").is_visible()
    assert _axe(page) == []
    page.get_by_role("button", name="Oui, supprimer le document").click()
    page.wait_for_load_state()
    assert "Document « Statuts du comité » supprimé." in page.content()
    with in_schema(residence_a):
        assert not BodyDocument.objects.exists()
