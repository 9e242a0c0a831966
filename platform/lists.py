"""One shape for every list screen: a filter form whose fields are the selector's arguments.

The same filtered rows feed the page (paginated) and the download (`?export=csv|xlsx`, when the
view gives `export_columns`), so a spreadsheet always holds exactly what the filters show.
"""
from django.core.paginator import Paginator
from django.shortcuts import render

from apes_platform.exports import FORMATS, export_response


FILTER_AUTO_ID = "filtre_%s"


def render_filtered_list(request, *, filter_form_class, selector, template: str, per_page: int,
                         export_columns=None, export_filename: str = "", extra_context: dict | None = None):
    # Filter fields get their own ids (filtre_…): a page may hold a form with the same field names.
    filters = filter_form_class(request.GET or None, auto_id=FILTER_AUTO_ID)
    rows = selector(**(filters.cleaned_data if filters.is_valid() else {}))
    fmt = request.GET.get("export")
    if export_columns is not None and fmt in FORMATS:
        return export_response(rows, export_columns, filename=export_filename, fmt=fmt)
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()  # the filters, for pagination and export links
    query.pop("page", None)
    query.pop("export", None)
    return render(request, template, {"page": page, "filters": filters, "query": query.urlencode(),
                                      **(extra_context or {})})
