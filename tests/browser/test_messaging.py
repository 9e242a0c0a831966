"""Messages in a real browser: the coordinator composes a message to a target, previews it, sends it and
watches its progress to the end while a real Celery worker sends through the SMTP sink and the Brevo stub;
then a resident stops SMS through the link at the end of the one they received."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from apes_platform.celery import app as celery_app
from core.messaging.models import Channel, Delivery, OptOut
from core.people.factories import ResidentFactory
from tests.browser.conftest import log_in
from tests.messaging.helpers import email_resident, sms_resident
from tests.messaging.stubs import BrevoStub, SmtpSink
from tests.platform.test_celery_tenant import _wait_until_ready

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.fixture
def outside():
    """The SMTP sink and the Brevo stub, on real sockets the worker process reaches."""
    with SmtpSink() as sink, BrevoStub() as brevo:
        yield sink, brevo


@pytest.fixture
def worker(outside):
    """A real Celery worker on a queue of its own, sending through the sink and the stub."""
    sink, brevo = outside
    queue = f"apes-test-{uuid.uuid4().hex[:8]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    db = settings.DATABASES["default"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "apes_platform.settings_test", "CELERY_QUEUE": queue,
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
           "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "false",
           "SMS_BACKEND": "core.messaging.sms.BrevoSmsBackend", "SMS_BREVO_API_URL": brevo.url,
           "SMS_BREVO_API_KEY": brevo.API_KEY, "SMS_SENDER": "Tilleuls",
           "MESSAGING_SMS_QUIET_HOURS": "false"}  # whatever the hour the test runs at
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "apes_platform", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_ready(process)
        yield
    finally:
        celery_app.conf.task_default_queue = previous
        process.terminate()
        process.wait(timeout=30)


def test_coordinator_composes_previews_sends_and_watches_a_message_then_a_resident_stops_sms(
        live, page, phone_page, residence_a, coordinator_a, outside, worker):
    sink, brevo = outside
    with schema_context(residence_a.schema_name):
        gardeners = [email_resident(name, interests=["gardening"]) for name in ("Odette", "Rene", "Suzanne")]
        gardeners += [sms_resident("Marcel", phone="06 12 34 56 78", interests=["gardening"]),
                      sms_resident("Lucien", phone="06 98 76 54 32", interests=["gardening"])]
        gardeners.append(ResidentFactory(first_name="Ginette", pseudonym="", contact_channel="in_person",
                                         interests=["gardening"]))
        email_resident("Paul", interests=["games"])  # not in the target

    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/messages/nouveau/"))
    page.get_by_label("Objet").fill("Le potager commun")
    page.get_by_label("Texte (e-mail et affiche)").fill("Bonjour {prenom}, on plante les tomates samedi !")
    page.get_by_label("Texte du SMS").fill("Bonjour {prenom}, tomates samedi au potager !")
    page.locator("#sms-count").filter(has_text="Stop SMS").wait_for()  # counted while typing, link included
    page.get_by_label("un centre d'intérêt").check()
    page.locator("#id_target_interest").select_option("gardening")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et voir l'aperçu").click()

    # The preview, for the first recipient, per channel; who it will reach.
    assert page.locator("h1").inner_text() == "Le potager commun"
    assert "Bonjour Odette, on plante les tomates samedi !" in page.locator(".preview-email").inner_text()
    sms_preview = page.locator(".preview-sms").inner_text()
    assert "Bonjour Odette, tomates samedi au potager !" in sms_preview and "Stop SMS : http" in sms_preview
    assert "3 personnes par e-mail et 2 par SMS ; 1 sont à appeler" in page.locator("main").inner_text()

    page.get_by_role("link", name="Envoyer…").click()
    assert "3 e-mails et 2 SMS partiront ; 1 personnes iront sur la liste d'appels" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, envoyer").click()

    # The progress block polls until the worker has sent everything.
    progress = page.locator("#progress")
    progress.locator("strong", has_text="envoyé").wait_for(timeout=90_000)
    assert "6 sur 6 traités" in progress.inner_text() and "5 envoyés ou reçus, 0 en échec" in progress.inner_text()
    assert page.locator("progress").get_attribute("value") == "6"

    # The delivery list: each recipient once, by their channel.
    page.reload()
    rows = page.locator("section[aria-labelledby='deliveries-title'] tbody tr")
    listed = sorted((rows.nth(i).locator("td").nth(0).inner_text(), rows.nth(i).locator("td").nth(1).inner_text())
                    for i in range(rows.count()))
    names = [name for name, _channel in listed]
    assert len(names) == len(set(names)) == 6 and "Paul" not in " ".join(names)
    assert [channel for _name, channel in listed].count("e-mail") == 3
    assert [channel for _name, channel in listed].count("SMS") == 2
    assert sorted(m["to"][0] for m in sink.messages) == ["odette@exemple.fr", "rene@exemple.fr",
                                                         "suzanne@exemple.fr"]
    assert sorted(r["recipient"] for r in brevo.requests) == ["33612345678", "33698765432"]

    # Marcel opens the link at the end of his SMS on his phone, confirms, and gets no SMS any more.
    [to_marcel] = [r for r in brevo.requests if r["recipient"] == "33612345678"]
    link = to_marcel["content"].split("Stop SMS : ")[1].strip()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    phone_page.goto(live.url(residence_a, path))
    assert phone_page.locator("h1").inner_text() == "Ne plus recevoir nos messages ?"
    with schema_context(residence_a.schema_name):
        assert not OptOut.objects.exists()  # opening the link changes nothing
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Oui, me désabonner").click()
    assert "Vous ne recevrez plus de messages de la résidence par SMS" in phone_page.locator("main").inner_text()
    with schema_context(residence_a.schema_name):
        marcel = gardeners[3]
        assert list(OptOut.objects.values_list("resident_id", "channel")) == [(marcel.pk, Channel.SMS)]
        assert Delivery.objects.filter(resident=marcel).count() == 1


def test_the_new_resident_pages_are_accessible_and_valid_html(live, phone_page, residence_a):
    """The SMS opt-out confirmation and the portal's skill offer, on a phone: axe-core (WCAG 2.1 AA) finds
    nothing, no page is wider than 320 px, and the Nu checker finds no error in the HTML sent."""
    from core.messaging import services
    from core.portal.services import magic_link_create
    from tests.browser.test_pages import REFLOW_WIDTH, _axe, nu_errors

    with schema_context(residence_a.schema_name):
        odette = sms_resident("Odette")
        _link, token = magic_link_create(resident=odette, created_by_id=1)
        stop_path = f"/messages/stop/{services.sms_opt_out_code(odette.pk)}/"
    phone_page.goto(live.url(residence_a, f"/portail/acces/{token}/"))
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Ouvrir mon espace").click()

    pages, problems = {}, []

    def check(name):
        problems.extend(f"{name}: axe {v['id']} {v['nodes']}" for v in _axe(phone_page))
        phone_page.set_viewport_size({"width": REFLOW_WIDTH, "height": 844})
        if phone_page.evaluate("document.documentElement.scrollWidth") > REFLOW_WIDTH + 1:
            problems.append(f"{name}: wider than {REFLOW_WIDTH} px")
        phone_page.set_viewport_size({"width": 390, "height": 844})
        pages[name] = phone_page.content()

    phone_page.goto(live.url(residence_a, "/portail/"))
    with phone_page.expect_navigation():
        phone_page.get_by_role("link", name="Proposer un savoir-faire").click()
    check("skill form")
    phone_page.get_by_label("Je sais faire").select_option("cooking")
    phone_page.get_by_label("Plus précisément (si vous voulez)").fill("couscous")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Proposer mon savoir-faire").click()
    assert "Merci" in phone_page.locator("h1").inner_text()
    check("skill done")
    phone_page.goto(live.url(residence_a, stop_path))
    check("sms opt-out")
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="Oui, me désabonner").click()
    check("sms opt-out done")
    problems += nu_errors(pages)
    assert problems == []
