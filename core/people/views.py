from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apes_platform.lists import render_filtered_list
from core.people.forms import ResidentFilterForm, ResidentForm
from core.people.selectors import resident_list
from core.people.services import resident_create


def resident_index(request):
    return render_filtered_list(request, filter_form_class=ResidentFilterForm, selector=resident_list,
                                template="people/resident_list.html", per_page=50)


def resident_new(request):
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = resident_create(**form.cleaned_data)
        messages.success(request, _("%(name)s est enregistré·e.") % {"name": resident.display_name})
        return redirect("people:index")
    return render(request, "people/resident_form.html", {"form": form})
