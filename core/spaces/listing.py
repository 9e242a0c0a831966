"""List screens with search, filters, pagination and CSV/XLSX export (`?export=csv|xlsx`)."""

from apes_platform.exports import FORMATS, export_response
from apes_platform.lists import render_filtered_list


def filtered_list_or_export(request, *, filter_form_class, selector, template: str, per_page: int, columns,
                            filename: str):
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        filters = filter_form_class(request.GET or None)
        criteria = filters.cleaned_data if filters.is_valid() else {}
        return export_response(selector(**criteria), columns, filename=filename, fmt=fmt)
    return render_filtered_list(request, filter_form_class=filter_form_class, selector=selector,
                                template=template, per_page=per_page)


def user_label(request) -> str:
    user = request.user
    return (getattr(user, "full_name", "") or getattr(user, "email", "")) if user.is_authenticated else ""
