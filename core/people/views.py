from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.people.forms import ResidentFilterForm, ResidentForm
from core.people.selectors import resident_list
from core.people.services import resident_create


def resident_index(request):
    filters = ResidentFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    qs = resident_list(search=cleaned.get("q", ""), age_band=cleaned.get("age_band", ""))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "people/resident_list.html", {"page": page, "filters": filters})


def resident_new(request):
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = resident_create(**form.cleaned_data)
        messages.success(request, _("%(name)s est enregistré·e.") % {"name": resident.display_name})
        return redirect("people:index")
    return render(request, "people/resident_form.html", {"form": form})
