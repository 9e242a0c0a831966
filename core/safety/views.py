from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.forms import add_service_errors, user_label
from apes_platform.lists import render_filtered_list
from core.safety import selectors
from core.safety.forms import (
    AcknowledgementForm,
    CheckFilterForm,
    CheckForm,
    CheckRecordForm,
    IncidentFilterForm,
    IncidentForm,
    RulesForm,
)
from core.safety.services import (
    check_create,
    check_record,
    incident_create,
    incident_update,
    rules_acknowledge,
    rules_publish,
)
from core.spaces.selectors import access_space_by_id

CHECK_COLUMNS = [
    (gettext_lazy("Contrôle"), lambda c: c.label),
    (gettext_lazy("Type"), lambda c: c.get_kind_display()),
    (gettext_lazy("Espace"), lambda c: c.space.name if c.space_id else ""),
    (gettext_lazy("Fréquence (jours)"), lambda c: c.frequency_days),
    (gettext_lazy("Prochaine échéance"), lambda c: c.next_due_on),
    (gettext_lazy("Dernier contrôle"), lambda c: c.last_done_on),
]
INCIDENT_COLUMNS = [
    (gettext_lazy("Date"), lambda i: i.occurred_at),
    (gettext_lazy("Intitulé"), lambda i: i.title),
    (gettext_lazy("Espace"), lambda i: i.space.name if i.space_id else ""),
    (gettext_lazy("Gravité"), lambda i: i.get_severity_display()),
    (gettext_lazy("Statut"), lambda i: i.get_status_display()),
    (gettext_lazy("Description"), lambda i: i.description),
    (gettext_lazy("Mesures prises"), lambda i: i.actions_taken),
]


def register(request):
    today = timezone.localdate()
    return render(request, "safety/register.html", {
        "overdue": selectors.overdue_checks(today=today),
        "upcoming": selectors.check_list().filter(next_due_on__gte=today)[:10],
        "rules": selectors.rules_list(current_only=True),
        "incidents": selectors.incident_list().exclude(status="closed")[:10],
        "today": today,
    })


def space_rules(request, space_id: int):
    space = access_space_by_id(actor=request.user, id=space_id)
    versions = list(selectors.rules_list(space=space))
    return render(request, "safety/space_rules.html", {
        "space": space, "current": versions[0] if versions else None, "versions": versions,
        "acknowledgements": selectors.acknowledgement_list(space=space)[:50],
        "ack_form": AcknowledgementForm(),
    })


def rules_new(request, space_id: int):
    space = access_space_by_id(actor=request.user, id=space_id)
    current = selectors.current_rules(space=space)
    initial = ({"max_occupancy": current.max_occupancy, "equipment": current.equipment, "allowed": current.allowed,
                "forbidden": current.forbidden} if current else {"max_occupancy": space.capacity})
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rules = rules_publish(space=space, published_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Version %(version)d des règles publiée.") % {"version": rules.version})
            return redirect("safety:rules", space_id=space.pk)
    return render(request, "safety/rules_form.html", {"space": space, "form": form, "current": current})


def rules_acknowledge_view(request, space_id: int):
    space = access_space_by_id(actor=request.user, id=space_id)
    current = selectors.current_rules(space=space)
    form = AcknowledgementForm(request.POST or None)
    if current is None:
        messages.error(request, _("Aucune règle n'est publiée pour cet espace."))
        return redirect("safety:rules", space_id=space.pk)
    if request.method == "POST" and form.is_valid():
        try:
            rules_acknowledge(rules=current, recorded_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Prise de connaissance de la version %(version)d enregistrée.") % {
                "version": current.version})
            return redirect("safety:rules", space_id=space.pk)
    return render(request, "safety/acknowledge_form.html", {"space": space, "current": current, "form": form})


def check_index(request):
    return render_filtered_list(request, filter_form_class=CheckFilterForm, selector=selectors.check_search,
                                   template="safety/check_list.html", per_page=25, export_columns=CHECK_COLUMNS,
                                   export_filename="controles-securite")


def check_new(request):
    form = CheckForm(request.POST or None, initial={"next_due_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            check = check_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contrôle « %(label)s » créé.") % {"label": check.label})
            return redirect("safety:check", check_id=check.pk)
    return render(request, "safety/check_form.html", {"form": form})


def check_detail(request, check_id: int):
    check = selectors.access_check_by_id(actor=request.user, id=check_id)
    form = CheckRecordForm(request.POST or None, initial={"checked_by": user_label(request)})
    if request.method == "POST" and form.is_valid():
        try:
            check_record(check=check, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contrôle noté."))
            return redirect("safety:check", check_id=check.pk)
    return render(request, "safety/check_detail.html", {
        "check": check, "form": form, "records": selectors.check_records(check=check)[:50],
        "overdue": check.is_overdue(timezone.localdate()),
    })


def incident_index(request):
    return render_filtered_list(request, filter_form_class=IncidentFilterForm, selector=selectors.incident_list,
                                   template="safety/incident_list.html", per_page=25, export_columns=INCIDENT_COLUMNS,
                                   export_filename="incidents")


def incident_new(request):
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = incident_create(reported_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Incident « %(title)s » enregistré.") % {"title": incident.title})
            return redirect("safety:incidents")
    return render(request, "safety/incident_form.html", {"form": form})


def incident_edit(request, incident_id: int):
    incident = selectors.access_incident_by_id(actor=request.user, id=incident_id)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        try:
            incident_update(incident=selectors.access_incident_by_id(actor=request.user, id=incident_id), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Incident « %(title)s » enregistré.") % {"title": form.cleaned_data["title"]})
            return redirect("safety:incidents")
    return render(request, "safety/incident_form.html", {"form": form, "incident": incident})
