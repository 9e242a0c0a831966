"""Writes of residents' projects: create, move along the stages (dated), tasks, targets and actuals,
the checklist to make a project last, the review."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.projects.models import (
    ChecklistStep,
    ProjectKind,
    ProjectCarrier,
    ProjectChecklistItem,
    ProjectStage,
    ProjectStageChange,
    ProjectTarget,
    ProjectTask,
    ResidentProject,
)

FIELDS = ("title", "need", "kind", "carrier_group", "carrier_partner", "review_worked", "review_pass_on")


def _check_carriers(*, residents, carrier_group: str, carrier_partner) -> None:
    if not residents and not (carrier_group or "").strip() and carrier_partner is None:
        raise ValidationError({"carrier_group": _(
            "Indiquez qui porte le projet : des habitant·es, un collectif ou une association partenaire.")})


@transaction.atomic
def project_create(*, title: str, kind: str = ProjectKind.COLLECTIVE_ACTION, need: str = "", residents=(), carrier_group: str = "",
                   carrier_partner=None, partners=(), activities=(), started_on: dt.date | None = None,
                   recorded_by: str = "") -> ResidentProject:
    """A project starts at "idea" (dated). Someone must carry it: residents, a group or a partner association."""
    residents = list(residents)
    _check_carriers(residents=residents, carrier_group=carrier_group, carrier_partner=carrier_partner)
    project = ResidentProject(title=title.strip(), kind=kind, need=need.strip(), carrier_group=carrier_group.strip(),
                              carrier_partner=carrier_partner, stage=ProjectStage.IDEA,
                              stage_changed_on=started_on or timezone.localdate())
    project.full_clean()
    project.save()
    ProjectCarrier.objects.bulk_create([ProjectCarrier(project=project, resident=r) for r in residents])
    project.partners.set(partners)
    project.activities.set(activities)
    ProjectStageChange.objects.create(project=project, stage=project.stage, changed_on=project.stage_changed_on,
                                      recorded_by=recorded_by)
    return project


@transaction.atomic
def project_update(*, project: ResidentProject, residents=None, partners=None, activities=None,
                   **fields) -> ResidentProject:
    for name, value in fields.items():
        if name not in FIELDS:
            raise TypeError(f"unknown project field {name!r}")
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    current = list(residents) if residents is not None else [c.resident for c in project.carriers.all()]
    _check_carriers(residents=current, carrier_group=project.carrier_group, carrier_partner=project.carrier_partner)
    project.full_clean()
    project.save()
    if residents is not None:
        project.carriers.exclude(resident__in=current).delete()
        have = set(project.carriers.values_list("resident_id", flat=True))
        ProjectCarrier.objects.bulk_create([ProjectCarrier(project=project, resident=r) for r in current
                                            if r.pk not in have])
    if partners is not None:
        project.partners.set(partners)
    if activities is not None:
        project.activities.set(activities)
    return project


@transaction.atomic
def project_stage_set(*, project: ResidentProject, stage: str, on: dt.date | None = None, note: str = "",
                      recorded_by: str = "") -> ProjectStageChange:
    """Move a project to `stage` on `on` (today by default). Any stage may follow any other (a project can go
    back to funding); "done" and "dropped" end it. Refused: a date in the future or before the last change."""
    project = ResidentProject.objects.select_for_update().get(pk=project.pk)
    on = on or timezone.localdate()
    if stage not in ProjectStage.values:
        raise ValidationError({"stage": _("Étape inconnue.")})
    if stage == project.stage:
        raise ValidationError({"stage": _("Le projet est déjà à cette étape.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("La date ne peut pas être dans le futur.")})
    if on < project.stage_changed_on:
        raise ValidationError({"on": _("La date ne peut pas précéder l'étape précédente (%(day)s).") % {
            "day": project.stage_changed_on.strftime("%d/%m/%Y")}})
    change = ProjectStageChange.objects.create(project=project, stage=stage, changed_on=on, note=note.strip(),
                                               recorded_by=recorded_by)
    ResidentProject.objects.filter(pk=project.pk).update(stage=stage, stage_changed_on=on)
    return change


@transaction.atomic
def task_add(*, project: ResidentProject, title: str, owner: str = "", due_on: dt.date | None = None) -> ProjectTask:
    task = ProjectTask(project=project, title=title.strip(), owner=owner.strip(), due_on=due_on)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_done(*, task: ProjectTask, done_on: dt.date | None = None) -> ProjectTask:
    if task.done_on:
        raise ValidationError({"done_on": _("Cette tâche est déjà faite.")})
    task.done_on = done_on or timezone.localdate()
    task.save(update_fields=["done_on"])
    return task


@transaction.atomic
def target_add(*, project: ResidentProject, label: str, target: int, actual: int | None = None) -> ProjectTarget:
    row = ProjectTarget(project=project, label=label.strip(), target=target, actual=actual)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def target_actual_set(*, target: ProjectTarget, actual: int | None) -> ProjectTarget:
    if actual is not None and actual < 0:
        raise ValidationError({"actual": _("La valeur atteinte ne peut pas être négative.")})
    target.actual = actual
    target.save(update_fields=["actual"])
    return target


@transaction.atomic
def checklist_set(*, project: ResidentProject, step: str, done_on: dt.date | None, note: str = "") -> ProjectChecklistItem:
    """Tick (or untick, with no date) one step that makes the project last."""
    if step not in ChecklistStep.values:
        raise ValidationError({"step": _("Étape inconnue.")})
    item, _created = ProjectChecklistItem.objects.update_or_create(
        project=project, step=step, defaults={"done_on": done_on, "note": note.strip()})
    return item


@transaction.atomic
def project_review_save(*, project: ResidentProject, review_worked: str, review_pass_on: str) -> ResidentProject:
    project.review_worked, project.review_pass_on = review_worked.strip(), review_pass_on.strip()
    project.save(update_fields=["review_worked", "review_pass_on"])
    return project
