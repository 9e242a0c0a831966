"""CSV and XLSX downloads of list screens: the rows on screen, without pagination.

A list view offers `?export=csv` or `?export=xlsx`; the caller passes the filtered
queryset and the columns (French header, function of a row).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

Column = tuple[str, Callable[[object], object]]
FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None:
        return ""
    return value if isinstance(value, (int, float, dt.date, dt.datetime)) else str(value)


def export_response(rows: Iterable, columns: Sequence[Column], *, filename: str, fmt: str) -> HttpResponse:
    """An attachment holding `rows`; `fmt` is "csv" (semicolon, UTF-8 with BOM, for French Excel) or "xlsx"."""
    headers = [str(title) for title, _ in columns]
    table = ([_cell(get(row)) for _, get in columns] for row in rows)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        sheet.append(headers)
        for line in table:
            sheet.append(line)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headers)
        writer.writerows(table)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response
