"""CSV and XLSX downloads of list screens: the rows on screen, without pagination.

A list view offers `?export=csv` or `?export=xlsx`; the caller passes the filtered
queryset and the columns (French header, function of a row). Every download of the
project goes through `export_response` (tests/security/test_export_formulas.py checks
that no other module writes CSV or XLSX), so its two rules hold for every export:

- **formula neutralisation** (OWASP "CSV injection"): a text cell starting with `=`, `+`,
  `-`, `@`, a tab or a carriage return is prefixed with a single quote, in CSV and XLSX
  alike, so a spreadsheet never runs a value someone typed (`=HYPERLINK(...)`). Real numbers
  and dates are not text: they stay typed (a negative amount stays a number);
- **numbers keep their places**: in XLSX a `Decimal` is a number cell shown with the places it
  carries (an amount `Decimal("12.50")` → 12.5 formatted `#,##0.00`, read back as a number, shown
  « 12,50 » by a French spreadsheet), so money columns sum in the sheet and still show cents;
- **a readable sheet**: XLSX files have a bold, frozen header row, an autofilter and
  columns sized to their content.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
from collections.abc import Callable, Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

from apes_platform.downloads import download_response

Column = tuple[str, Callable[[object], object]]
FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet reads as the start of a formula (OWASP CSV injection guidance).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TYPED = (int, float, decimal.Decimal, dt.date, dt.datetime, dt.time)
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 8, 60
XLSX_MAX_PLACES = 6  # a Decimal shows at most this many places (a computed ratio may carry 28)


def neutralise(text: str) -> str:
    """A text a spreadsheet will show as text: `'` before a leading formula character."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def export_cell(value):
    """One value as written to a file: numbers and dates typed, anything else neutralised text."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, TYPED):
        return value
    return neutralise(str(value))


def export_response(rows: Iterable, columns: Sequence[Column], *, filename: str, fmt: str) -> HttpResponse:
    """An attachment holding `rows`; `fmt` is "csv" (semicolon, UTF-8 with BOM, for French Excel) or "xlsx"."""
    headers = [neutralise(str(title)) for title, _ in columns]
    table = ([export_cell(get(row)) for _, get in columns] for row in rows)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body, content_type = _xlsx(headers, table, title=filename[:31]), XLSX_TYPE
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headers)
        writer.writerows(table)
        body, content_type = "\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return download_response(body, filename=f"{filename}-{stamp}.{fmt}", content_type=content_type)


def _xlsx_text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters cannot be stored in XLSX (openpyxl refuses them): drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def xlsx_decimal_format(value: decimal.Decimal) -> str:
    """The number format showing a Decimal with its own places: « #,##0.00 » for an amount in euros."""
    exponent = value.as_tuple().exponent
    places = min(-exponent, XLSX_MAX_PLACES) if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0." + "0" * places if places else "#,##0"


def _shown_width(value) -> int:
    if isinstance(value, dt.datetime):
        return len("00/00/0000 00:00")
    if isinstance(value, dt.date):
        return len("00/00/0000")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _xlsx(headers: list[str], table: Iterable[list], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _xlsx_text(title) or "export"
    widths = [len(h) for h in headers]
    sheet.append([_xlsx_text(h) for h in headers])
    for line in table:
        sheet.append([_xlsx_text(v) if isinstance(v, str) else v for v in line])
        widths = [max(w, _shown_width(v)) for w, v in zip(widths, line, strict=True)]
    bold = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever openpyxl guessed
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = XLSX_DATE_FORMAT
            elif isinstance(cell.value, decimal.Decimal) and cell.value.is_finite():
                cell.number_format = xlsx_decimal_format(cell.value)
            if cell.row == 1:
                cell.font = bold
    sheet.freeze_panes = "A2"
    if headers:
        last = get_column_letter(len(headers))
        sheet.auto_filter.ref = f"A1:{last}{sheet.max_row}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
