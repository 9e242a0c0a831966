from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.lists import render_filtered_list
from core.people.forms import ResidentFilterForm, ResidentForm
from core.people.models import Interest, Language
from core.people.selectors import access_resident_by_id, resident_list
from core.people.services import resident_create, resident_update


def _labels(values, choices) -> str:
    names = dict(choices)
    return ", ".join(str(names.get(v, v)) for v in values)


EXPORT_COLUMNS = [
    (gettext_lazy("Nom"), lambda r: r.display_name),
    (gettext_lazy("Tranche d'âge"), lambda r: r.get_age_band_display()),
    (gettext_lazy("Consentement"), lambda r: r.consent_on),
    (gettext_lazy("Foyer : moins de 18 ans"), lambda r: r.household_minors),
    (gettext_lazy("Foyer : 18-59 ans"), lambda r: r.household_adults),
    (gettext_lazy("Foyer : 60 ans et plus"), lambda r: r.household_seniors),
    (gettext_lazy("Canal de contact"), lambda r: r.get_contact_channel_display()),
    (gettext_lazy("Langues"), lambda r: _labels(r.languages, Language.choices)),
    (gettext_lazy("Centres d'intérêt"), lambda r: _labels(r.interests, Interest.choices)),
    (gettext_lazy("Dernière venue"), lambda r: r.last_seen),
]


def resident_index(request):
    return render_filtered_list(request, filter_form_class=ResidentFilterForm, selector=resident_list,
                                template="people/resident_list.html", per_page=50,
                                export_columns=EXPORT_COLUMNS, export_filename="habitants")


def resident_new(request):
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = resident_create(**form.cleaned_data)
        messages.success(request, _("%(name)s est enregistré·e.") % {"name": resident.display_name})
        return redirect("people:index")
    return render(request, "people/resident_form.html", {"form": form})


def resident_edit(request, resident_id: int):
    resident = access_resident_by_id(actor=request.user, id=resident_id)
    form = ResidentForm(request.POST or None, instance=resident)
    if request.method == "POST" and form.is_valid():
        resident_update(resident=access_resident_by_id(actor=request.user, id=resident_id), **form.cleaned_data)
        messages.success(request, _("La fiche de %(name)s est à jour.") % {"name": resident.display_name})
        return redirect("people:index")
    return render(request, "people/resident_form.html", {"form": form, "resident": resident})


