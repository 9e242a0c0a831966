"""CSV/XLSX imports of residents and partners: every error reported, nothing half-saved."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from core.imports.parsing import ImportFileError, read_table
from core.imports.services import import_run, import_validate
from core.imports.specs import PARTNERS, RESIDENTS
from core.partners.models import Partner
from core.people.models import Resident
from tests.conftest import client_on

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "Prénom;Initiale du nom;Pseudonyme;Tranche d'âge;Date du consentement\n"
    "Martine;D;;60-74 ans;15/03/2025\n"
    "Yacine;B;Yaya;18-25;2025-04-02\n"
).encode("utf-8-sig")

BAD_CSV = (
    "Prénom;Initiale du nom;Pseudonyme;Tranche d'âge;Date du consentement\n"
    "Martine;D;;60-74;15/03/2025\n"
    ";B;;centenaire;32/13/2025\n"
    "\n"
    "Gaston;;;75+;hier\n"
).encode("cp1252")


def test_a_valid_csv_saves_every_row(residence_a, in_schema):
    with in_schema(residence_a):
        report = import_run(spec=RESIDENTS, content=GOOD_CSV, filename="habitants.csv")
        assert report.errors == [] and report.saved == 2
        assert sorted(Resident.objects.values_list("first_name", "age_band")) == [
            ("Martine", "60-74"), ("Yacine", "18-25")]


def test_every_error_is_reported_with_line_and_column_and_nothing_is_saved(residence_a, in_schema):
    with in_schema(residence_a):
        report = import_run(spec=RESIDENTS, content=BAD_CSV, filename="habitants.csv")
        found = {(e.line, e.column) for e in report.errors}
        assert found == {(3, "Prénom"), (3, "Tranche d'âge"), (3, "Date du consentement"),
                         (5, "Date du consentement")}
        assert "n'est pas une date" in next(e.message for e in report.errors if e.line == 5)
        assert Resident.objects.count() == 0


def test_a_missing_required_column_is_named(residence_a, in_schema):
    with in_schema(residence_a):
        report = import_validate(spec=RESIDENTS, content=b"Prenom;Pseudonyme\nMartine;\n", filename="a.csv")
        assert {(e.line, e.column) for e in report.errors} == {(1, "Tranche d'âge"), (1, "Date du consentement")}


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_partners_from_xlsx_accept_french_labels(residence_a, in_schema):
    content = _xlsx([["Nom", "Type", "Personne de contact", "E-mail", "Téléphone"],
                     ["Centre social Les Moulins", "Centre social", "Karima Benali", "k.benali@moulins.fr", ""],
                     ["Amicale des locataires", "amicale de locataires", "", "pas-un-email", ""]])
    with in_schema(residence_a):
        report = import_run(spec=PARTNERS, content=content, filename="partenaires.xlsx")
        assert [(e.line, e.column) for e in report.errors] == [(3, "E-mail")]
        assert Partner.objects.count() == 0
        fixed = _xlsx([["Nom", "Type"], ["Centre social Les Moulins", "Centre social"],
                       ["Amicale", "amicale de locataires"]])
        assert import_run(spec=PARTNERS, content=fixed, filename="p.xlsx").saved == 2
        assert Partner.objects.get(name="Amicale").kind == "tenants_association"


def test_upload_page_previews_errors_and_offers_templates(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    page = client.get("/imports/").content.decode()
    assert "/imports/modele/habitants.xlsx" in page
    response = client.post("/imports/", {"kind": "habitants",
                                         "file": SimpleUploadedFile("h.csv", BAD_CSV, "text/csv")})
    page = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in page and "4 erreurs" in page
    response = client.post("/imports/", {"kind": "habitants",
                                         "file": SimpleUploadedFile("h.csv", GOOD_CSV, "text/csv")})
    assert response.status_code == 302
    with in_schema(residence_a):
        assert Resident.objects.count() == 2


def test_templates_download_with_the_expected_headers(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    csv_text = client.get("/imports/modele/habitants.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Prénom;Initiale du nom;Pseudonyme;Tranche d'âge;Date du consentement"
    workbook = load_workbook(io.BytesIO(client.get("/imports/modele/partenaires.xlsx").content))
    assert [c.value for c in workbook.active[1]] == ["Nom", "Type", "Personne de contact", "E-mail", "Téléphone"]
    assert client.get("/imports/modele/inconnu.csv").status_code == 404


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=2000), name=st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f.pdf"]))
def test_arbitrary_bytes_give_a_clean_error_or_rows(content, name):
    try:
        headers, body = read_table(content=content, filename=name)
    except ImportFileError as exc:
        assert str(exc)
    else:
        assert all(isinstance(h, str) for h in headers)


cells = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=7), min_size=0, max_size=8),
       header=st.lists(st.sampled_from([c.header for c in RESIDENTS.columns] + ["autre", ""]), max_size=6))
def test_arbitrary_rows_never_raise_and_never_save(rows, header, residence_a, in_schema):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    with in_schema(residence_a):
        before = Resident.objects.count()
        report = import_validate(spec=RESIDENTS, content=buffer.getvalue().encode(), filename="x.csv")
        assert all(e.message for e in report.errors)
        assert Resident.objects.count() == before


# Issue 13: hostile workbooks (XML entities) are refused, quickly, with a clear message.
def _xlsx_with_sheet(dtd: str, name: str) -> bytes:
    """A real workbook whose first sheet is replaced by one with `dtd` and `name` (a cell, may use entities)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_xlsx([["Nom", "Type"], ["x", "Centre social"]])))
    cell = '<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    sheet = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{dtd}]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f'<row r="1">{cell.format(ref="A1", text="Nom")}{cell.format(ref="B1", text="Type")}</row>'
             f'<row r="2">{cell.format(ref="A2", text=name)}{cell.format(ref="B2", text="Centre social")}</row>'
             '</sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item, data)
    return out.getvalue()


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10))
    return _xlsx_with_sheet(entities, "&lol9;")


def test_openpyxl_parses_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_a_billion_laughs_workbook_is_refused_quickly_with_a_clear_message(residence_a, in_schema):
    import time

    started = time.monotonic()
    with pytest.raises(ImportFileError, match="DTD, entités"):
        read_table(content=billion_laughs(), filename="bombe.xlsx")
    assert time.monotonic() - started < 2
    with in_schema(residence_a):
        report = import_run(spec=PARTNERS, content=billion_laughs(), filename="bombe.xlsx")
        assert [e.line for e in report.errors] == [0] and "DTD, entités" in report.errors[0].message
        assert not Partner.objects.exists()


def test_even_a_small_internal_entity_is_refused(residence_a, in_schema):
    """Below any expansion limit of the standard parser: still a DTD entity, still refused."""
    content = _xlsx_with_sheet('<!ENTITY nom "Maison des associations">', "&nom;")
    with in_schema(residence_a):
        report = import_run(spec=PARTNERS, content=content, filename="p.xlsx")
        assert not report.saved and "DTD, entités" in report.errors[0].message
        assert not Partner.objects.exists()


def test_the_upload_page_shows_the_refusal(residence_a, coordinator_a):
    upload = SimpleUploadedFile("bombe.xlsx", billion_laughs())
    page = client_on(residence_a, coordinator_a).post("/imports/", {"kind": "partenaires", "file": upload})
    assert page.status_code == 200 and "DTD, entités" in page.content.decode()
