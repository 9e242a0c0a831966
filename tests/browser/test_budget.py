"""In the browser (issue 17, "Done means"): set a year's envelope and lines, record a residents'
decision, an expense citing it with a receipt, see the remaining amounts, export the XLSX and find
the same amounts as on screen, to the cent."""
import datetime as dt
import io
import re
from decimal import Decimal

from openpyxl import load_workbook

from core.budget.models import BudgetEntry
from core.documents.factories import PDF_BYTES
from tests.browser.conftest import log_in

YEAR = dt.date.today().year


def label(text: str):
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def euros(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d,-]", "", text).replace(",", "."))


def test_budget_from_envelope_to_xlsx(live, page, residence_a, coordinator_a, in_schema):
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/budget/"))
    page.get_by_label(label("Année")).fill(str(YEAR))
    page.get_by_role("button", name="Créer l'exercice").click()
    page.wait_for_load_state()
    assert f"Exercice {YEAR} créé." in page.content()

    page.get_by_role("link", name="Ajouter une enveloppe").click()
    page.get_by_label(label("Financeur")).select_option(label="bailleur")
    page.get_by_label(label("Montant (€)")).fill("1 500,00")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Ajouter une ligne").click()
    page.get_by_label(label("Intitulé")).fill("Sorties et transport")
    page.get_by_label(label("Catégorie")).select_option(label="sorties et transport")
    page.get_by_label(label("Montant prévu (€)")).fill("600,00")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Décision des habitant·es").first.click()
    page.get_by_label(label("Date de la décision")).fill(f"{YEAR}-03-12")
    page.get_by_label(label("Instance")).select_option(label="vote des habitant·es")
    page.get_by_label(label("Objet")).fill("Sortie à la mer")
    page.get_by_label(label("Texte de la décision")).fill("Vote en réunion : 21 pour, 3 contre.")
    page.get_by_label(label("Montant alloué (€)")).fill("250")
    page.get_by_label(label("Ligne budgétaire")).select_option(label=f"Sorties et transport ({YEAR})")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Décision « Sortie à la mer » enregistrée." in page.content()

    page.get_by_role("link", name="Saisir une dépense qui la cite").click()
    page.get_by_label(label("Date")).fill(f"{YEAR}-03-20")
    page.get_by_label(label("Montant TTC (€)")).fill("199,90")
    page.get_by_label(label("Libellé")).fill("Car pour la sortie")
    page.get_by_label(label("Fournisseur")).fill("Transports Dupont")
    page.get_by_label(label("Justificatif")).set_input_files(
        {"name": "facture-car.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Dépense « Car pour la sortie » enregistrée." in page.content()
    assert page.get_by_role("link", name="facture-car.pdf").count() == 1

    page.get_by_role("link", name=f"{YEAR}").first.click()
    page.wait_for_load_state()
    line_row = page.locator("#budget-lines tbody tr", has_text="Sorties et transport")
    on_screen = euros(line_row.locator("[data-remaining]").inner_text())
    assert on_screen == Decimal("400.10")
    total_on_screen = euros(page.locator("#budget-lines tfoot [data-remaining]").inner_text())
    assert "50,10" in page.locator("[data-decision-left]").first.inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").first.click()
    rows = list(load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.iter_rows(values_only=True))
    header = rows[0]
    remaining = header.index("Reste (€)")
    by_line = {row[0]: Decimal(str(row[remaining])).quantize(Decimal("0.01")) for row in rows[1:]}
    assert by_line == {"Sorties et transport": on_screen, "Total": total_on_screen}
    with in_schema(residence_a):
        entry = BudgetEntry.objects.get()
        assert entry.decision.title == "Sortie à la mer" and entry.receipt.original_name == "facture-car.pdf"
