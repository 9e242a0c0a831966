"""In the browser (issue 18, "Done means"): a call opened for two landlords, an association applies through
the link it gets by e-mail, two members score, the committee names a laureate, the association files a
year-one result report, each landlord sees its own view, and a third landlord sees nothing."""
import re

from django.core import mail
from django.utils import timezone

from network.calls.models import Application, Score
from tenants.models import Landlord, User
from tests.browser.conftest import _context, log_in
from tests.conftest import make_user


def label(text: str):
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def tab(chromium, live=None, residence=None, user=None):
    page = _context(chromium, viewport={"width": 1280, "height": 900}).new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm
    if user is not None:
        log_in(page, live, residence, user)
    return page


def link_in_last_mail(kind: str) -> str:
    return re.search(rf"(http://\S+/candidater/{kind}/[\w-]+/)", mail.outbox[-1].body).group(1)


def test_a_call_from_opening_to_a_year_one_report(chromium, live, residence_a, residence_b, head_office,
                                                  viewer_l1, viewer_l2):
    third = make_user("lecture@tiers.test", User.Role.LANDLORD_VIEWER,
                      landlord=Landlord.objects.create(name="Troisième bailleur", short_name="Tiers"))
    # The head office opens the call for Seqens (60 %) and Logirep (40 %), and seats both landlords' viewers.
    office = tab(chromium, live, None, head_office)
    office.goto(live.url(None, "/appels-bailleurs/nouveau/"))
    office.get_by_label(label("Titre")).fill("Vivre ensemble 2027")
    office.get_by_label(label("Enveloppe (€)")).fill("50000")
    office.get_by_label(label("Ouverture")).fill(timezone.localdate().isoformat())
    office.get_by_label(label("Date limite de dépôt")).fill(
        (timezone.localtime() + timezone.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"))
    office.get_by_label(label("Bailleurs financeurs et parts")).fill(
        f"{residence_a.landlord.short_name} 60\n{residence_b.landlord.short_name} 40")
    office.get_by_role("button", name="Ouvrir l'appel").click()
    office.wait_for_load_state()
    assert "Appel ouvert." in office.content()
    call_url = office.url
    for viewer in (viewer_l1, viewer_l2):
        office.get_by_label(label("E-mail du compte (siège ou bailleur financeur)")).fill(viewer.email)
        office.get_by_role("button", name="Ajouter au comité").click()
        office.wait_for_load_state()
    assert viewer_l1.full_name in office.content() and viewer_l2.full_name in office.content()

    # An association applies without an account: the link comes by e-mail.
    association = tab(chromium)
    association.goto(live.url(None, "/candidater/"))
    association.get_by_role("link", name="Vivre ensemble 2027").click()
    association.get_by_label(label("Nom de l'association")).fill("Les Jardiniers")
    association.get_by_label(label("E-mail du contact")).fill("contact@jardiniers.test")
    association.get_by_role("button", name="Recevoir mon lien par e-mail").click()
    association.wait_for_load_state()
    assert "contact@jardiniers.test" in association.content()
    association.goto(link_in_last_mail("dossier"))
    association.get_by_label(label("SIRET ou RNA")).fill("W751234567")
    association.get_by_label(label("Contact")).fill("Awa Diallo")
    association.get_by_label(label("Titre du projet")).fill("Jardin partagé")
    association.get_by_label(label("Résumé")).fill("Un jardin au pied des immeubles, avec les locataires.")
    association.get_by_label(label("Durée (mois)")).fill("24")
    association.get_by_label(residence_a.name).check()
    association.get_by_role("button", name="Enregistrer le brouillon").click()
    association.wait_for_load_state()
    assert "Brouillon enregistré." in association.content()
    association.get_by_label(label("Indicateur")).fill("Locataires formé·es au jardinage")
    association.get_by_label(label("Valeur visée")).fill("8")
    association.get_by_label(label("Unité")).fill("locataires")
    association.get_by_label(label("Période")).select_option(label="par an")
    association.get_by_role("button", name="Ajouter l'objectif").click()
    association.wait_for_load_state()
    association.get_by_label(label("Poste")).fill("Outillage et semences")
    association.get_by_label(label("Montant (€)")).fill("3000")
    association.get_by_role("button", name="Ajouter la ligne").click()
    association.wait_for_load_state()
    association.get_by_role("button", name="Déposer le dossier").click()
    association.wait_for_load_state()
    assert "ne peut plus être modifié" in association.content()
    assert "Accusé de réception" in mail.outbox[-1].subject
    application = Application.objects.get(title="Jardin partagé")

    # Instruction: eligible, then two members score on the grid.
    office.goto(live.url(None, f"/appels-bailleurs/candidatures/{application.pk}/"))
    office.get_by_label(label("Éligibilité")).select_option(label="Éligible")
    office.get_by_role("button", name="Enregistrer l'éligibilité").click()
    office.wait_for_load_state()
    for viewer, value in ((viewer_l1, "4"), (viewer_l2, "3")):
        member = tab(chromium, live, None, viewer)
        member.goto(live.url(None, f"/appels-bailleurs/candidatures/{application.pk}/"))
        for field in member.locator("input[name^=criterion_]").all():
            field.fill(value)
        member.get_by_role("button", name="Enregistrer mes notes").click()
        member.wait_for_load_state()
        assert "Notes enregistrées." in member.content()
        member.context.close()
    assert Score.objects.filter(application=application).count() == 10

    # The committee meets and names the laureate; the head office sends the result-report link.
    office.goto(call_url)
    office.get_by_label(label("Date du comité")).fill(timezone.localdate().isoformat())
    for box in office.locator("input[name=present]").all():
        box.check()
    office.get_by_role("button", name="Enregistrer la réunion").click()
    office.wait_for_load_state()
    assert "Procès-verbal (PDF)" in office.content()
    office.goto(live.url(None, f"/appels-bailleurs/candidatures/{application.pk}/"))
    office.get_by_label(label("Décision")).select_option(label="lauréat")
    office.get_by_label(label("Montant attribué (€)")).fill("20000")
    office.get_by_role("button", name="Enregistrer la décision").click()
    office.wait_for_load_state()
    assert "Décision du comité" in mail.outbox[-1].subject
    office.get_by_role("link", name="Suivi du lauréat").click()
    office.get_by_role("button", name="Envoyer le lien de compte rendu à l'association").click()
    office.wait_for_load_state()
    laureate_url = office.url

    # The association files its year-one report through its link.
    association.goto(link_in_last_mail("resultats"))
    association.get_by_label(label("Année du projet")).fill("1")
    association.get_by_label(label("Récit de l'année")).fill("Neuf locataires formé·es, un potager de 40 m².")
    association.get_by_label(re.compile("Locataires formé·es au jardinage : valeur atteinte")).fill("9")
    association.get_by_role("button", name="Déposer le compte rendu").click()
    association.wait_for_load_state()
    assert "Compte rendu déposé" in association.content()

    # Each landlord sees its own view: the call, the laureate, year one's actual against the target.
    for viewer in (viewer_l1, viewer_l2):
        landlord = tab(chromium, live, None, viewer)
        landlord.goto(live.url(None, "/appels-bailleurs/laureats/"))
        landlord.get_by_role("link", name="Jardin partagé").click()
        text = landlord.inner_text("main")
        compact = re.sub(r"[\s\u202f\xa0]", "", text)
        assert "Année 1" in text and "Les Jardiniers" in text and "20000,00€" in compact
        row = landlord.get_by_role("row", name=re.compile("Locataires formé·es au jardinage"))
        assert row.get_by_role("cell").last.inner_text().strip() == "9"
        landlord.context.close()
    # A third landlord sees nothing: no call in its list, 404 on the pages.
    outsider = tab(chromium, live, None, third)
    outsider.goto(live.url(None, "/appels-bailleurs/"))
    assert "Vivre ensemble 2027" not in outsider.content() and "Aucun appel." in outsider.content()
    for url in (call_url, laureate_url, live.url(None, f"/appels-bailleurs/candidatures/{application.pk}/")):
        assert outsider.goto(url).status == 404
    outsider.context.close()
    association.context.close()
    office.context.close()


def test_the_calls_pages_pass_axe_reflow_and_the_nu_checker(chromium, live, residence_a, head_office):
    """The page suite's checks (tests/browser/test_pages.py), on this app's pages only: staff and applicant."""
    from tests.browser.test_pages import Findings, check_pages, nu_errors
    from tests.conftest import client_on
    from tests.route_values import landlord_call_objects

    from network.calls.models import Call
    from network.calls.services import application_start

    ids = landlord_call_objects(residence_a)
    _draft, draft_token = application_start(call=Call.objects.get(pk=ids["landlord_call_id"]), org_name="Brouillon",
                                            contact_email="b@b.test", link_url=lambda t: t)
    paths = [f"/candidater/dossier/{draft_token}/", "/appels-bailleurs/", "/appels-bailleurs/nouveau/", f"/appels-bailleurs/{ids['landlord_call_id']}/",
             f"/appels-bailleurs/candidatures/{ids['call_application_id']}/", "/appels-bailleurs/laureats/",
             f"/appels-bailleurs/laureats/{ids['laureate_id']}/",
             f"/appels-bailleurs/comptes-rendus/{ids['result_report_id']}/", "/candidater/",
             f"/candidater/{ids['landlord_call_id']}/", f"/candidater/dossier/{ids['access_token']}/",
             f"/candidater/resultats/{ids['access_token']}-report/"]
    findings = Findings()
    client = client_on(None, head_office)
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        findings.pages[path] = response.content.decode()
    check_pages(chromium, live, None, head_office, paths, findings, "siège")
    findings.problems += nu_errors(findings.pages)
    assert not findings.problems, "\n".join(findings.problems)
    assert findings.checked == 2 * len(paths)  # desktop and phone
