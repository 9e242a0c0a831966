"""Pages of the network of practice on a residence host: writing this residence's sheets (the name
check reads its residents here) and « Faire pareil chez nous » (copied into this residence)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apes_platform.forms import add_service_errors
from network.practice import selectors, services
from network.practice.forms import SheetForm, SheetStartForm
from network.practice.links import bare_domain_url


def _start_form(data=None):
    from core.activities.selectors import series_list
    from core.projects.selectors import project_list

    return SheetStartForm(data, projects=project_list()[:200], series=series_list()[:200])


def index(request):
    """This residence's sheets, what it copied from the network, and the way to the network's pages."""
    from core.replications.selectors import activity_template_list

    return render(request, "practice/residence_index.html", {
        "sheets": selectors.residence_sheet_list(), "start_form": _start_form(),
        "templates": activity_template_list()[:50], "network_url": bare_domain_url(request, "/reseau/")})


def sheet_new(request):
    form = _start_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, pk = form.source_values()
        try:
            sheet = services.sheet_start(actor=request.user, source_kind=kind, source_id=pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Brouillon de fiche créé : complétez-le puis soumettez-le au siège."))
            return redirect("practice_residence:sheet", sheet.pk)
    return render(request, "practice/sheet_start.html", {"form": form})


def sheet_edit(request, sheet_id: int):
    sheet = selectors.access_residence_sheet_by_id(actor=request.user, id=sheet_id)
    form = SheetForm(request.POST or None, request.FILES or None, instance=sheet)
    matches = None
    if request.method == "POST" and sheet.status == "draft" and form.is_valid():
        try:
            services.sheet_update(sheet=sheet, remove_photo=request.POST.get("remove_photo") == "1",
                                  **form.service_kwargs())
            if request.POST.get("action") == "submit":
                services.sheet_submit(sheet=sheet, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            matches = services.sheet_name_check(sheet=sheet)
        else:
            if sheet.status == "submitted":
                messages.success(request, _("Fiche soumise au siège : elle sera relue avant publication."))
            else:
                messages.success(request, _("Brouillon enregistré."))
            return redirect("practice_residence:sheet", sheet.pk)
    elif request.method == "GET" and request.GET.get("verifier") == "1":
        matches = services.sheet_name_check(sheet=sheet)
    return render(request, "practice/sheet_form.html", {"sheet": sheet, "form": form, "matches": matches})


def replicate(request, sheet_id: int):
    """« Faire pareil chez nous »: confirm, then copy the sheet's template (and project skeleton) here."""
    sheet = selectors.access_published_sheet_by_id(actor=request.user, id=sheet_id)
    if request.method == "POST":
        reuse = services.sheet_replicate(sheet=sheet, actor=request.user)
        messages.success(request, _("« %(title)s » est reprise dans votre résidence.") % {"title": sheet.title})
        return redirect("practice_residence:activity_template", reuse.activity_template_id)
    return render(request, "practice/replicate.html", {"sheet": sheet, "skeleton": sheet.skeleton})


def activity_template(request, activity_template_id: int):
    from core.activities.models import ActivityKind, Audience
    from core.replications.selectors import access_activity_template_by_id

    template = access_activity_template_by_id(actor=request.user, id=activity_template_id)
    return render(request, "practice/activity_template.html", {
        "template": template, "kind_label": dict(ActivityKind.choices).get(template.kind, template.kind),
        "audience_label": dict(Audience.choices).get(template.audience, template.audience)})
