from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.forms import add_service_errors, post_on_detail, user_label
from apes_platform.lists import render_filtered_list
from core.budget.selectors import entries_citing
from core.documents.forms import DocumentUploadForm
from core.documents.services import document_store
from core.funding.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    CallFilterForm,
    CallFollowForm,
    CallForm,
    ReportDueForm,
    StageForm,
)
from core.funding.selectors import (
    access_application_by_id,
    access_call_by_id,
    access_report_by_id,
    application_list,
    call_list,
    feed_enabled,
    latest_feed_run,
)
from core.funding.services import (
    application_create,
    application_stage_set,
    application_update,
    call_create,
    call_seen,
    call_update,
    report_due_add,
    report_due_sent,
)

CALL_COLUMNS = [
    (gettext_lazy("Intitulé"), lambda c: c.title),
    (gettext_lazy("Financeur"), lambda c: c.funder_label),
    (gettext_lazy("Thèmes"), lambda c: ", ".join(c.themes)),
    (gettext_lazy("Ouvert aux"), lambda c: ", ".join(c.eligible_labels)),
    (gettext_lazy("Montant minimum (€)"), lambda c: c.amount_min),
    (gettext_lazy("Montant maximum (€)"), lambda c: c.amount_max),
    (gettext_lazy("Ouverture"), lambda c: c.opens_on),
    (gettext_lazy("Date limite"), lambda c: c.deadline),
    (gettext_lazy("Statut"), lambda c: c.get_status_display()),
    (gettext_lazy("Source"), lambda c: c.get_source_display()),
    (gettext_lazy("Modifié à la source"), lambda c: _("oui") if c.updated_at_source else _("non")),
    (gettext_lazy("Dossiers"), lambda c: c.application_count),
    (gettext_lazy("Lien"), lambda c: c.url),
    (gettext_lazy("Notes"), lambda c: c.notes),
]

APPLICATION_COLUMNS = [
    (gettext_lazy("Dossier"), lambda a: a.title),
    (gettext_lazy("Appel à projets"), lambda a: a.call.title),
    (gettext_lazy("Financeur"), lambda a: a.call.funder_label),
    (gettext_lazy("Projet"), lambda a: a.project.title if a.project_id else ""),
    (gettext_lazy("Co-porteurs"), lambda a: ", ".join(p.name for p in a.co_applicants.all())),
    (gettext_lazy("Étape"), lambda a: a.get_stage_display()),
    (gettext_lazy("Montant demandé (€)"), lambda a: a.amount_requested),
    (gettext_lazy("Montant accordé (€)"), lambda a: a.amount_granted),
    (gettext_lazy("Déposé le"), lambda a: a.submitted_on),
    (gettext_lazy("Décision le"), lambda a: a.decision_on),
    (gettext_lazy("Date limite de l'appel"), lambda a: a.call.deadline),
]


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def call_index(request):
    return render_filtered_list(
        request, filter_form_class=CallFilterForm, selector=call_list, template="funding/call_list.html",
        per_page=25, export_columns=CALL_COLUMNS, export_filename="appels-a-projets",
        extra_context={"feed_enabled": feed_enabled(), "feed_run": latest_feed_run()})


def feed_run_now(request):
    if (refused := _post_only(request)) is not None:
        return refused
    from core.funding.tasks import feed_residence

    if feed_enabled():
        feed_residence.delay()
        messages.success(request, _("La veille Aides-territoires est lancée : rechargez la page dans une minute."))
    return redirect("funding:calls")


def _call_initial(call):
    initial = {name: getattr(call, name) for name in CallForm.base_fields}
    initial["themes"] = ", ".join(call.themes)
    return initial


def call_form(request, call_id: int | None = None):
    call = access_call_by_id(actor=request.user, id=call_id) if call_id else None
    form = CallForm(request.POST or None, initial=_call_initial(call) if call else None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = call_update(call=call, **form.cleaned_data) if call else call_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Appel « %(t)s » enregistré.") % {"t": saved.title})
            return redirect("funding:call", saved.pk)
    return render(request, "funding/call_form.html", {"form": form, "call": call})


def call_detail(request, call_id: int):
    call = access_call_by_id(actor=request.user, id=call_id)
    follow = CallFollowForm(request.POST or None, initial={"status": call.status, "notes": call.notes})
    if request.method == "POST" and follow.is_valid():
        try:
            call_update(call=call, **follow.cleaned_data)
        except ValidationError as exc:
            add_service_errors(follow, exc)
        else:
            messages.success(request, _("Suivi de l'appel enregistré."))
            return redirect("funding:call", call.pk)
    applications = list(application_list(call=call))
    return render(request, "funding/call_detail.html", {"call": call, "follow": follow,
                                                        "applications": applications})


def call_seen_view(request, call_id: int):
    call = access_call_by_id(actor=request.user, id=call_id)
    if (refused := _post_only(request)) is not None:
        return refused
    call_seen(call=call)
    return redirect("funding:call", call.pk)


def application_index(request):
    return render_filtered_list(request, filter_form_class=ApplicationFilterForm, selector=application_list,
                                template="funding/application_list.html", per_page=25,
                                export_columns=APPLICATION_COLUMNS, export_filename="dossiers-de-candidature")


def application_new(request, call_id: int):
    call = access_call_by_id(actor=request.user, id=call_id)
    form = ApplicationForm(request.POST or None, initial={"title": call.title, "amount_requested": call.amount_max})
    if request.method == "POST" and form.is_valid():
        try:
            application = application_create(call=call, recorded_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dossier « %(t)s » ouvert.") % {"t": application.title})
            return redirect("funding:application", application.pk)
    return render(request, "funding/application_form.html", {"form": form, "call": call})


def application_edit(request, application_id: int):
    application = access_application_by_id(actor=request.user, id=application_id)
    initial = {"title": application.title, "amount_requested": application.amount_requested,
               "project": application.project, "notes": application.notes,
               "co_applicants": list(application.co_applicants.all())}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application_update(application=application, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dossier enregistré."))
            return redirect("funding:application", application.pk)
    return render(request, "funding/application_form.html", {"form": form, "call": application.call,
                                                             "application": application})


def _application_context(application, **forms):
    context = {
        "application": application, "co_applicants": list(application.co_applicants.all()),
        "reports": list(application.reports_due.all()), "documents": list(application.documents.all()),
        "stages": list(application.stage_changes.all()), "budget_entries": entries_citing(application=application),
        "stage_form": StageForm(initial={"stage": application.stage}), "report_form": ReportDueForm(),
        "document_form": DocumentUploadForm(),
    }
    context.update(forms)
    return context


def application_detail(request, application_id: int):
    application = access_application_by_id(actor=request.user, id=application_id)
    return render(request, "funding/application_detail.html", _application_context(application))


def _post_on_application(request, application_id, form_class, name, action, success):
    return post_on_detail(
        request, load=lambda: access_application_by_id(actor=request.user, id=application_id), form_class=form_class,
        form_name=name, action=action, success=success, template="funding/application_detail.html",
        context=_application_context, redirect_to="funding:application")


def application_stage(request, application_id: int):
    return _post_on_application(
        request, application_id, StageForm, "stage_form",
        lambda a, d: application_stage_set(application=a, recorded_by=user_label(request), **d),
        _("Étape du dossier mise à jour."))


def report_new(request, application_id: int):
    return _post_on_application(request, application_id, ReportDueForm, "report_form",
                                lambda a, d: report_due_add(application=a, **d), _("Compte rendu à rendre ajouté."))


def application_document_new(request, application_id: int):
    def attach(application, data):
        application.documents.add(document_store(actor=request.user, **data))

    return _post_on_application(request, application_id, DocumentUploadForm, "document_form", attach,
                                _("Document ajouté."))


def report_sent(request, report_id: int):
    report = access_report_by_id(actor=request.user, id=report_id)
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        report_due_sent(report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Compte rendu noté comme rendu."))
    return redirect("funding:application", report.application_id)

