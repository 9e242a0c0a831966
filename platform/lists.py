"""One shape for every list screen: a filter form whose fields are the selector's arguments."""
from django.core.paginator import Paginator
from django.shortcuts import render


def render_filtered_list(request, *, filter_form_class, selector, template: str, per_page: int):
    filters = filter_form_class(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(selector(**criteria), per_page).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "filters": filters})
