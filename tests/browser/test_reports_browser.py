"""A coordinator asks for the year's activity report, watches it progress, downloads the PDF."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from apes_platform.celery import app as celery_app
from tests.browser.conftest import log_in
from tests.platform.test_celery_tenant import _wait_until_ready
from tests.reports.test_reports import make_year_of, pdf_text

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.fixture
def late_worker():
    """A unique queue now; a real worker on it only when the test calls `start()`."""
    queue = f"apes-test-{uuid.uuid4().hex[:8]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    processes = []

    def start():
        db = settings.DATABASES["default"]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "apes_platform.settings_test", "CELERY_QUEUE": queue,
               "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "apes_platform", "worker", "--pool=solo", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        _wait_until_ready(process)

    yield start
    celery_app.conf.task_default_queue = previous
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


def test_coordinator_generates_and_downloads_the_activity_report(live, page, residence_a, coordinator_a,
                                                                late_worker):
    make_year_of(residence_a)
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/rapports/"))
    page.locator("#id_year").fill("2026")  # the list filter has its own « Année » (filtre_year)
    page.get_by_role("button", name="Générer le rapport").click()

    # No worker yet: the job waits, and the page shows its progress bar.
    status = page.locator("#report-status")
    assert "En attente" in status.inner_text()
    assert page.locator("progress#report-progress").get_attribute("value") == "0"

    late_worker()
    download_link = page.get_by_role("link", name="Télécharger le PDF")
    download_link.wait_for(timeout=90_000)  # HTMX polls the status every second
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "rapport-activite-tilleuls-test-2026.pdf"
    flat = " ".join(pdf_text(Path(download.path()).read_bytes()).split())
    assert "Rapport d'activité 2026" in flat and "Les Tilleuls" in flat
    assert "Atelier couture" in flat and "Automne 2026 2 50,0 %" in flat
    assert "La fête des voisins a réuni 80 personnes." in flat
