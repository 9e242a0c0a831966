from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.forms import add_service_errors
from apes_platform.lists import render_filtered_list
from core.partners.forms import PartnerFilterForm, PartnerForm
from core.partners.selectors import access_partner_by_id, partner_list
from core.partners.services import partner_create, partner_update

PARTNER_COLUMNS = [
    (gettext_lazy("Nom"), lambda p: p.name),
    (gettext_lazy("Type"), lambda p: p.get_kind_display()),
    (gettext_lazy("Contact"), lambda p: p.contact_name),
    (gettext_lazy("E-mail"), lambda p: p.email),
    (gettext_lazy("Téléphone"), lambda p: p.phone),
    (gettext_lazy("Tiers intervenant"), lambda p: _("oui") if p.runs_workshops else _("non")),
    (gettext_lazy("Actif"), lambda p: _("oui") if p.is_active else _("non")),
]


def partner_index(request):
    return render_filtered_list(request, filter_form_class=PartnerFilterForm, selector=partner_list,
                                   template="partners/partner_list.html", per_page=25, export_columns=PARTNER_COLUMNS,
                                   export_filename="partenaires")


def partner_new(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partner_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partenaire « %(name)s » enregistré.") % {"name": partner.name})
            return redirect("partners:index")
    return render(request, "partners/partner_form.html", {"form": form})


def partner_edit(request, partner_id: int):
    partner = access_partner_by_id(actor=request.user, id=partner_id)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            # The form wrote its values onto `partner`: pass them to the service explicitly.
            partner_update(partner=access_partner_by_id(actor=request.user, id=partner_id), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partenaire « %(name)s » enregistré.") % {"name": form.cleaned_data["name"]})
            return redirect("partners:index")
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})
