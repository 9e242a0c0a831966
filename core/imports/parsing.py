"""Reading an uploaded CSV or XLSX file into rows of text, and nothing else.

Whatever the bytes, the only exception that leaves this module is
ImportFileError, with a French message for the person who uploaded the file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, size, headers)."""


def normalise_header(text: str) -> str:
    """'Date du consentement ' → 'date du consentement'; accents and case do not matter."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.replace("’", "'").lower().replace("_", " ").split())


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportFileError(_("Le fichier n'est pas un texte CSV lisible (encodage UTF-8 ou Windows attendu)."))


def _csv_rows(content: bytes) -> list[list[str]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(_("Le fichier CSV est mal formé : %(reason)s.") % {"reason": exc}) from exc


MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024


def _hostile_xml(exc: BaseException) -> bool:
    """Was the file refused by defusedxml (DTD entities, external references)?"""
    from defusedxml import DefusedXmlException

    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _check_xlsx_safety(content: bytes) -> None:
    """Refuse what a hostile workbook hides: an XML parser that would expand entities (openpyxl
    parses with defusedxml only when it is installed), or a zip that unpacks to far more than 2 MB."""
    import zipfile

    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise ImportFileError(_("Les imports XLSX sont désactivés sur ce serveur (lecteur XML sûr absent) : "
                                "envoyez un fichier CSV."))
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(_("Le fichier n'est pas un classeur XLSX lisible.")) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(_("Le classeur décompressé dépasse 50 Mo : il est refusé."))


HOSTILE_XLSX_MESSAGE = gettext_lazy("Le classeur contient des déclarations XML (DTD, entités) refusées par sécurité : "
                        "ouvrez-le dans votre tableur, enregistrez-le à nouveau au format .xlsx et réessayez.")


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    _check_xlsx_safety(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_ROWS + 1:
                break
        workbook.close()
        return rows
    except Exception as exc:  # openpyxl raises many kinds on a damaged file: all mean "unreadable"
        if _hostile_xml(exc):
            raise ImportFileError(str(HOSTILE_XLSX_MESSAGE)) from exc
        raise ImportFileError(_("Le fichier n'est pas un classeur XLSX lisible.")) from exc


def read_table(*, content: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(normalised headers, [(line number in the file, cells)…]); empty lines are skipped."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("Le fichier dépasse 2 Mo."))
    if not content:
        raise ImportFileError(_("Le fichier est vide."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = _csv_rows(content)
    else:
        raise ImportFileError(_("Format non pris en charge : envoyez un fichier .csv ou .xlsx."))
    if not rows or not any(rows[0]):
        raise ImportFileError(_("La première ligne doit contenir les noms des colonnes."))
    headers = [normalise_header(cell) for cell in rows[0]]
    body = [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(c.strip() for c in cells)]
    if len(body) > MAX_ROWS:
        raise ImportFileError(_("Le fichier dépasse %(max)s lignes.") % {"max": MAX_ROWS})
    return headers, body
