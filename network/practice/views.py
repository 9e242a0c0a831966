"""Pages of the network of practice on the bare domain (public schema, members only).

Every read goes through `network.practice.selectors` with the request's user; nothing here touches a
residence schema (tests/practice/test_no_tenant_table.py captures the queries)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apes_platform.confirm import confirm_then
from apes_platform.downloads import stored_file_response
from apes_platform.forms import add_service_errors, form_errors_line
from apes_platform.lists import render_filtered_list
from network.practice import selectors, services
from network.practice.forms import (
    EventFilterForm,
    EventForm,
    ExperimentForm,
    PartnerRegistrationForm,
    PublishForm,
    ResourceEditForm,
    ResourceFilterForm,
    ResourceForm,
    ReturnForm,
    SheetFilterForm,
    VersionForm,
)
from network.practice.links import residence_url

SHEET_COLUMNS = [
    (gettext_lazy("Titre"), lambda s: s.title),
    (gettext_lazy("Thème"), lambda s: s.get_theme_display()),
    (gettext_lazy("Public"), lambda s: s.get_audience_display()),
    (gettext_lazy("Coût"), lambda s: s.get_cost_band_display()),
    (gettext_lazy("Taille de la résidence"), lambda s: s.get_size_band_display()),
    (gettext_lazy("Statut"), lambda s: s.get_status_display()),
    (gettext_lazy("Publiée le"), lambda s: s.published_at),
    (gettext_lazy("Reprises"), lambda s: s.reuse_count),
]
# The indicators compared before/after a replication (codes of reporting's catalogue).
EXPERIMENT_INDICATORS = ["residents_attending", "activities_held", "activity_participations"]


def member_required(view):
    """Logged in and a member of the network (head office, landlords' staff, coordinators), else 403."""
    @login_required
    def wrapped(request, *args, **kwargs):
        if not selectors.is_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def head_office_required(view):
    @member_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_head_office:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


# --- Sheets ------------------------------------------------------------------------------------------

@member_required
def sheet_index(request):
    return render_filtered_list(
        request, filter_form_class=SheetFilterForm,
        selector=lambda **filters: selectors.sheet_list(user=request.user, **filters),
        template="practice/sheet_list.html", per_page=20, export_columns=SHEET_COLUMNS,
        export_filename="fiches-pratiques")


@member_required
def sheet_detail(request, sheet_id: int):
    sheet = selectors.access_sheet_by_id(actor=request.user, id=sheet_id)
    context = {"sheet": sheet, "skeleton": sheet.skeleton}
    user = request.user
    if user.is_head_office:
        context.update(publish_form=PublishForm(initial={"for_landlords": sheet.for_landlords}),
                       return_form=ReturnForm(), experiment_form=ExperimentForm(initial={"is_experiment": sheet.is_experiment}),
                       reuses=selectors.reuses_of(sheet=sheet))
    elif user.is_coordinator and sheet.status == "published":
        from tenants.selectors import residence_list_for_user

        path = reverse("practice_residence:replicate", args=[sheet.pk], urlconf="apes_platform.urls_tenant")
        context["copy_links"] = [(r.name, residence_url(request, r, path)) for r in residence_list_for_user(user=user)]
    return render(request, "practice/sheet_detail.html", context)


@member_required
def sheet_photo(request, sheet_id: int):
    sheet = selectors.access_sheet_by_id(actor=request.user, id=sheet_id)
    if not sheet.photo:
        raise Http404
    return stored_file_response(sheet.photo, filename=sheet.photo.name.rsplit("/", 1)[-1], inline=True)


@head_office_required
def review(request):
    return render(request, "practice/review.html", {"sheets": selectors.review_queue()})


@head_office_required
@require_POST
def sheet_publish(request, sheet_id: int):
    sheet = selectors.access_sheet_by_id(actor=request.user, id=sheet_id)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.sheet_publish(sheet=sheet, actor=request.user, for_landlords=form.cleaned_data["for_landlords"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Fiche « %(title)s » publiée.") % {"title": sheet.title})
    return redirect("practice:sheet", sheet.pk)


@head_office_required
@require_POST
def sheet_return(request, sheet_id: int):
    sheet = selectors.access_sheet_by_id(actor=request.user, id=sheet_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.sheet_return(sheet=sheet, actor=request.user, note=form.cleaned_data["review_note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Fiche renvoyée à sa résidence."))
            return redirect("practice:review")
    else:
        messages.error(request, _("Dites ce qui est à reprendre."))
    return redirect("practice:sheet", sheet.pk)


@head_office_required
@require_POST
def sheet_experiment(request, sheet_id: int):
    sheet = selectors.access_sheet_by_id(actor=request.user, id=sheet_id)
    form = ExperimentForm(request.POST)
    form.is_valid()
    services.sheet_experiment_set(sheet=sheet, actor=request.user,
                                  is_experiment=form.cleaned_data.get("is_experiment", False))
    messages.success(request, _("Suivi d'expérimentation enregistré."))
    return redirect("practice:sheet", sheet.pk)


# --- Experiments --------------------------------------------------------------------------------------

def _experiment_scope(request):
    from reporting.views import scope_for_request

    if not (request.user.is_head_office or request.user.is_landlord_viewer):
        raise PermissionDenied
    return scope_for_request(request)


@member_required
def experiment_index(request):
    _experiment_scope(request)
    return render(request, "practice/experiment_list.html",
                  {"sheets": selectors.experiment_list(user=request.user)})


@member_required
def experiment_detail(request, sheet_id: int):
    from reporting.indicators import CATALOGUE

    scope = _experiment_scope(request)
    sheet = selectors.access_experiment_by_id(actor=request.user, id=sheet_id)
    codes = [c for c in EXPERIMENT_INDICATORS if c in CATALOGUE]
    rows = selectors.experiment_comparison(sheet=sheet, scope=scope, indicators=codes)
    return render(request, "practice/experiment_detail.html", {
        "sheet": sheet, "rows": rows, "indicators": [CATALOGUE[c] for c in codes],
        "months": selectors.EXPERIMENT_MONTHS, "scope": scope})


# --- Resources ---------------------------------------------------------------------------------------

@member_required
def resource_index(request):
    return render_filtered_list(
        request, filter_form_class=ResourceFilterForm,
        selector=lambda **filters: selectors.resource_list(user=request.user, **filters),
        template="practice/resource_list.html", per_page=20)


@head_office_required
def resource_new(request):
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ressource « %(title)s » déposée.") % {"title": resource.title})
            return redirect("practice:resource", resource.pk)
    return render(request, "practice/resource_form.html", {"form": form})


@member_required
def resource_detail(request, resource_id: int):
    resource = selectors.access_resource_by_id(actor=request.user, id=resource_id)
    form = None
    if request.user.is_head_office:
        form = VersionForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                version = services.resource_version_add(actor=request.user, resource=resource,
                                                        file=form.cleaned_data["file"], note=form.cleaned_data["note"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Version %(n)s déposée.") % {"n": version.number})
                return redirect("practice:resource", resource.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "practice/resource_detail.html", {
        "resource": resource, "versions": resource.versions.order_by("-number"), "form": form})


@head_office_required
def resource_edit(request, resource_id: int):
    resource = selectors.access_resource_by_id(actor=request.user, id=resource_id)
    initial = {name: getattr(resource, name) for name in services.RESOURCE_FIELDS}
    form = ResourceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_update(actor=request.user, resource=resource, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ressource « %(title)s » modifiée.") % {"title": resource.title})
            return redirect("practice:resource", resource.pk)
    return render(request, "practice/resource_form.html", {
        "form": form, "resource": resource, "title": _("Modifier la ressource"), "submit": _("Enregistrer")})


@head_office_required
def resource_delete(request, resource_id: int):
    """GET: the confirmation page; POST: the deletion (with every version and its file)."""
    resource = selectors.access_resource_by_id(actor=request.user, id=resource_id)
    return confirm_then(
        request, do=lambda: services.resource_delete(actor=request.user, resource=resource),
        done=_("Ressource « %(title)s » supprimée.") % {"title": resource.title}, then=reverse("practice:resources"),
        back=reverse("practice:resource", args=[resource.pk]), subnav="practice/_subnav.html",
        title=_("Supprimer la ressource"),
        question=_("Supprimer « %(title)s » et ses %(n)d version(s) ? Les fichiers ne seront plus téléchargeables.")
        % {"title": resource.title, "n": resource.versions.count()},
        confirm=_("Oui, supprimer la ressource"))


@member_required
def resource_download(request, version_id: int):
    """The only way a resource file leaves: the version's resource must be visible to the user."""
    version = selectors.access_resource_version_by_id(actor=request.user, id=version_id)
    return stored_file_response(version.file, filename=version.original_name)


# --- Events ------------------------------------------------------------------------------------------

@member_required
def event_index(request):
    filters = EventFilterForm(request.GET or None, auto_id="filtre_%s")
    events = selectors.event_list(user=request.user, **filters.selector_kwargs())
    from django.core.paginator import Paginator

    page = Paginator(events, 20).get_page(request.GET.get("page"))
    feed = request.build_absolute_uri(reverse("practice:events-ical",
                                              args=[services.calendar_token(user=request.user)]))
    return render(request, "practice/event_list.html", {"page": page, "filters": filters, "feed": feed})


@head_office_required
def event_new(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Événement « %(title)s » créé.") % {"title": event.title})
            return redirect("practice:event", event.pk)
    return render(request, "practice/event_form.html", {"form": form})


@head_office_required
def event_edit(request, event_id: int):
    event = selectors.access_event_by_id(actor=request.user, id=event_id)
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Événement « %(title)s » modifié.") % {"title": event.title})
            return redirect("practice:event", event.pk)
    return render(request, "practice/event_form.html", {
        "form": form, "event": event, "title": _("Modifier l'événement"), "submit": _("Enregistrer")})


@head_office_required
def event_delete(request, event_id: int):
    """GET: the confirmation page; POST: the deletion (with its registrations)."""
    event = selectors.access_event_by_id(actor=request.user, id=event_id)
    return confirm_then(
        request, do=lambda: services.event_delete(actor=request.user, event=event),
        done=_("Événement « %(title)s » supprimé.") % {"title": event.title}, then=reverse("practice:events"),
        back=reverse("practice:event", args=[event.pk]), subnav="practice/_subnav.html",
        title=_("Supprimer l'événement"),
        question=_("Supprimer « %(title)s » et ses %(n)d inscription(s) ?")
        % {"title": event.title, "n": event.registrations.count()},
        confirm=_("Oui, supprimer l'événement"))


@member_required
def event_detail(request, event_id: int):
    event = selectors.access_event_by_id(actor=request.user, id=event_id)
    user = request.user
    context = {"event": event, "mine": selectors.registration_of(event=event, user=user),
               "materials": event.materials.all(), "past": event.ends_at < timezone.now()}
    if user.is_coordinator:
        from tenants.selectors import residence_list_for_user

        context["my_residences"] = residence_list_for_user(user=user)
    if user.is_head_office:
        context.update(registrations=selectors.event_registrations(event=event),
                       partner_form=PartnerRegistrationForm(),
                       resources=selectors.resource_list(user=user))
    return render(request, "practice/event_detail.html", context)


@member_required
@require_POST
def event_register(request, event_id: int):
    event = selectors.access_event_by_id(actor=request.user, id=event_id)
    residence = None
    if request.user.is_coordinator and request.POST.get("residence", "").isdigit():
        from tenants.selectors import residence_list_for_user

        residence = residence_list_for_user(user=request.user).filter(pk=int(request.POST["residence"])).first()
    try:
        if request.POST.get("action") == "cancel":
            services.registration_cancel(event=event, actor=request.user)
            messages.success(request, _("Inscription annulée."))
        else:
            services.registration_self(event=event, actor=request.user, residence=residence)
            messages.success(request, _("Vous êtes inscrit·e."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("practice:event", event.pk)


@head_office_required
@require_POST
def event_partner_add(request, event_id: int):
    event = selectors.access_event_by_id(actor=request.user, id=event_id)
    form = PartnerRegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.registration_partner_add(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Partenaire inscrit·e."))
    else:
        messages.error(request, form_errors_line(form))
    return redirect("practice:event", event.pk)


@head_office_required
@require_POST
def event_attendance(request, event_id: int):
    event = selectors.access_event_by_id(actor=request.user, id=event_id)
    present = services.attendance_set(event=event, actor=request.user,
                                      present_ids=[v for v in request.POST.getlist("present") if v.isdigit()])
    messages.success(request, _("Présences enregistrées : %(n)s.") % {"n": present})
    return redirect("practice:event", event.pk)


@head_office_required
@require_POST
def event_materials(request, event_id: int):
    event = selectors.access_event_by_id(actor=request.user, id=event_id)
    ids = [int(v) for v in request.POST.getlist("materials") if v.isdigit()]
    services.event_materials_set(actor=request.user, event=event,
                                 resources=selectors.resource_list(user=request.user).filter(pk__in=ids))
    messages.success(request, _("Supports enregistrés."))
    return redirect("practice:event", event.pk)


def events_ical(request, token: str):
    """Calendar apps send no cookie: the signed private token names the member, whose audience applies."""
    from core.agenda.ical import calendar_bytes
    from core.agenda.selectors import AgendaEntry

    user = services.calendar_user(token=token)
    if user is None or not selectors.is_member(user):
        return HttpResponse(status=403)
    entries = [AgendaEntry(kind=e.get_kind_display(), title=e.title, starts_at=e.starts_at, ends_at=e.ends_at,
                           uid=f"network-event-{e.pk}", object_id=e.pk,
                           detail=" — ".join(x for x in (e.place, e.video_link, e.description) if x))
               for e in selectors.event_list(user=user).order_by("starts_at")]
    body = calendar_bytes(entries=entries, name=_("Événements du réseau Particip'Actives"),
                          uid_domain=request.get_host().split(":")[0], now=timezone.now())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
