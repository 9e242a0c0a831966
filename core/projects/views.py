from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.forms import add_service_errors, post_on_detail, user_label
from apes_platform.lists import render_filtered_list
from core.budget.selectors import entries_citing
from core.documents.forms import DocumentUploadForm
from core.documents.services import document_store
from core.funding.forms import FundingLineForm, FundingLineObtainedForm
from core.funding.selectors import access_funding_line_by_id, funding_plan
from core.funding.services import funding_line_add, funding_line_update
from core.projects.forms import (
    ActualForm,
    ChecklistForm,
    ProjectFilterForm,
    ProjectForm,
    ProjectStageForm,
    ReviewForm,
    TargetForm,
    TaskForm,
)
from core.projects.models import ProjectStage
from core.projects.selectors import (
    access_project_by_id,
    access_target_by_id,
    access_task_by_id,
    checklist_rows,
    project_list,
    project_timeline,
)
from core.projects.services import (
    checklist_set,
    project_create,
    project_review_save,
    project_stage_set,
    project_update,
    target_actual_set,
    target_add,
    task_add,
    task_done,
)

PROJECT_COLUMNS = [
    (gettext_lazy("Projet"), lambda p: p.title),
    (gettext_lazy("Nature"), lambda p: p.get_kind_display()),
    (gettext_lazy("Étape"), lambda p: p.get_stage_display()),
    (gettext_lazy("Étape depuis le"), lambda p: p.stage_changed_on),
    (gettext_lazy("Porté par"), lambda p: p.carrier_label),
    (gettext_lazy("Partenaires"), lambda p: ", ".join(x.name for x in p.partners.all())),
    (gettext_lazy("Tâches à faire"), lambda p: p.task_open_count),
    (gettext_lazy("Besoin"), lambda p: p.need),
]


def _post_only(request):
    return HttpResponseNotAllowed(["POST"]) if request.method != "POST" else None


def project_index(request):
    return render_filtered_list(request, filter_form_class=ProjectFilterForm, selector=project_list,
                                template="projects/project_list.html", per_page=25, export_columns=PROJECT_COLUMNS,
                                export_filename="projets-habitants")


def project_form(request, project_id: int | None = None):
    project = access_project_by_id(actor=request.user, id=project_id) if project_id else None
    initial = None
    if project:
        initial = {"title": project.title, "kind": project.kind, "need": project.need,
                   "carrier_group": project.carrier_group, "carrier_partner": project.carrier_partner,
                   "residents": [c.resident for c in project.carriers.select_related("resident")],
                   "partners": list(project.partners.all()), "activities": list(project.activities.all())}
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if project:
                saved = project_update(project=project, **form.cleaned_data)
            else:
                saved = project_create(recorded_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Projet « %(t)s » enregistré.") % {"t": saved.title})
            return redirect("projects:detail", saved.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


def _context(project, **forms):
    today = timezone.localdate()
    context = {
        "project": project, "carriers": [c.resident for c in project.carriers.select_related("resident")],
        "partners": list(project.partners.all()), "activities": list(project.activities.order_by("starts_at")),
        "tasks": list(project.tasks.all()), "targets": list(project.targets.all()),
        "plan": funding_plan(project=project), "checklist": checklist_rows(project=project),
        "documents": list(project.documents.all()), "timeline": project_timeline(project=project),
        "applications": list(project.applications.select_related("call")),
        "budget_entries": entries_citing(project=project),
        "stage_form": ProjectStageForm(initial={"stage": project.stage, "on": today}), "task_form": TaskForm(),
        "target_form": TargetForm(), "funding_form": FundingLineForm(), "checklist_form": ChecklistForm(
            initial={"done_on": today}),
        "review_form": ReviewForm(initial={"review_worked": project.review_worked,
                                           "review_pass_on": project.review_pass_on}),
        "document_form": DocumentUploadForm(), "stages": ProjectStage.choices,
    }
    context.update(forms)
    return context


def project_detail(request, project_id: int):
    project = access_project_by_id(actor=request.user, id=project_id)
    return render(request, "projects/project_detail.html", _context(project))


def _post_on_project(request, project_id, form_class, name, action, success):
    return post_on_detail(
        request, load=lambda: access_project_by_id(actor=request.user, id=project_id), form_class=form_class,
        form_name=name, action=action, success=success, template="projects/project_detail.html", context=_context,
        redirect_to="projects:detail")


def project_stage(request, project_id: int):
    return _post_on_project(request, project_id, ProjectStageForm, "stage_form",
                            lambda p, d: project_stage_set(project=p, recorded_by=user_label(request), **d),
                            _("Étape du projet mise à jour."))


def project_task_new(request, project_id: int):
    return _post_on_project(request, project_id, TaskForm, "task_form", lambda p, d: task_add(project=p, **d),
                            _("Tâche ajoutée."))


def project_target_new(request, project_id: int):
    return _post_on_project(request, project_id, TargetForm, "target_form", lambda p, d: target_add(project=p, **d),
                            _("Objectif ajouté."))


def project_funding_new(request, project_id: int):
    return _post_on_project(request, project_id, FundingLineForm, "funding_form",
                            lambda p, d: funding_line_add(project=p, **d), _("Ligne du plan de financement ajoutée."))


def project_checklist(request, project_id: int):
    return _post_on_project(request, project_id, ChecklistForm, "checklist_form",
                            lambda p, d: checklist_set(project=p, **d), _("Étape de pérennisation enregistrée."))


def project_review(request, project_id: int):
    return _post_on_project(request, project_id, ReviewForm, "review_form",
                            lambda p, d: project_review_save(project=p, **d), _("Bilan enregistré."))


def project_document_new(request, project_id: int):
    def attach(project, data):
        project.documents.add(document_store(actor=request.user, **data))

    return _post_on_project(request, project_id, DocumentUploadForm, "document_form", attach, _("Document ajouté."))


def _post_on_child(request, obj, project_id, form_class, action, success):
    if (refused := _post_only(request)) is not None:
        return refused
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(obj, form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("projects:detail", project_id)


def task_done_view(request, task_id: int):
    task = access_task_by_id(actor=request.user, id=task_id)
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        task_done(task=task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("projects:detail", task.project_id)


def target_actual(request, target_id: int):
    target = access_target_by_id(actor=request.user, id=target_id)
    return _post_on_child(request, target, target.project_id, ActualForm,
                          lambda t, d: target_actual_set(target=t, actual=d["actual"]), _("Valeur atteinte enregistrée."))


def funding_line_edit(request, line_id: int):
    line = access_funding_line_by_id(actor=request.user, id=line_id)
    return _post_on_child(request, line, line.project_id, FundingLineObtainedForm,
                          lambda li, d: funding_line_update(line=li, planned=d["planned"],
                                                            obtained=d["obtained"] if d["obtained"] is not None else ""),
                          _("Ligne du plan de financement enregistrée."))
