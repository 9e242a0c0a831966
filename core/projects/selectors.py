"""Reads of residents' projects. Current residence schema only; lookups take the actor."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.projects.models import (
    ChecklistStep,
    ProjectCarrier,
    ProjectStage,
    ProjectStageChange,
    ProjectTarget,
    ProjectTask,
    ResidentProject,
)


def access_project_by_id(*, actor, id) -> ResidentProject:  # noqa: A002
    """A project of the current residence, or 404 (ids of another schema never resolve). The budget app
    links expenses and income to projects through this and `project_list`."""
    return access_by_id(ResidentProject.objects.select_related("carrier_partner"), id, actor=actor, message=_("Projet introuvable"))


def access_task_by_id(*, actor, id) -> ProjectTask:  # noqa: A002
    return access_by_id(ProjectTask.objects.select_related("project"), id, actor=actor, message=_("Tâche introuvable"))


def access_target_by_id(*, actor, id) -> ProjectTarget:  # noqa: A002
    return access_by_id(ProjectTarget.objects.select_related("project"), id, actor=actor, message=_("Objectif introuvable"))


def project_list(*, search: str = "", stage: str = "", kind: str = "", partner=None,
                 active_only: bool = False) -> QuerySet[ResidentProject]:
    """Projects with their carriers and partners: a fixed number of queries whatever the rows."""
    qs = (ResidentProject.objects.select_related("carrier_partner")
          .prefetch_related(Prefetch("carriers", queryset=ProjectCarrier.objects.select_related("resident")),
                            "partners")
          .annotate(task_open_count=Count("tasks", filter=Q(tasks__done_on__isnull=True), distinct=True)))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(need__icontains=search) | Q(carrier_group__icontains=search)
                       | Q(carrier_partner__name__icontains=search))
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    if partner is not None:
        qs = qs.filter(Q(partners=partner) | Q(carrier_partner=partner)).distinct()
    if active_only:
        qs = qs.exclude(stage__in=[ProjectStage.DONE, ProjectStage.DROPPED])
    return qs.order_by("-created_at", "-id")


def projects_of_partner(*, partner) -> QuerySet[ResidentProject]:
    return (ResidentProject.objects.filter(Q(partners=partner) | Q(carrier_partner=partner)).distinct()
            .order_by("-created_at"))


def project_network_works(*, partner_ids: set[int], since: dt.date | None = None):
    from django.urls import reverse

    from core.partners.selectors import NetworkWork

    qs = (ResidentProject.objects.filter(Q(partners__in=partner_ids) | Q(carrier_partner__in=partner_ids))
          .prefetch_related("partners").distinct())
    if since:
        qs = qs.filter(created_at__date__gte=since)
    works = []
    for project in qs:
        ids = {p.pk for p in project.partners.all()} | ({project.carrier_partner_id} if project.carrier_partner_id else set())
        works.append(NetworkWork("project", project.title, reverse("projects:detail", args=[project.pk]), ids))
    return works


@dataclass
class TimelineEvent:
    date: dt.date
    kind: str
    label: str
    detail: str = ""


def project_timeline(*, project: ResidentProject) -> list[TimelineEvent]:
    """The project's whole story, oldest first: stages, tasks, applications and their decisions, linked
    activities, checklist steps, documents."""
    from django.utils import timezone

    events = [TimelineEvent(c.changed_on, "stage", _("Étape : %(s)s") % {"s": c.get_stage_display()}, c.note)
              for c in ProjectStageChange.objects.filter(project=project)]
    for task in project.tasks.all():
        if task.done_on:
            events.append(TimelineEvent(task.done_on, "task", _("Tâche faite : %(t)s") % {"t": task.title}, task.owner))
    for application in project.applications.select_related("call"):
        events.append(TimelineEvent(timezone.localtime(application.created_at).date(), "application",
                                    _("Dossier ouvert : %(t)s") % {"t": application.title}))
        if application.decision_on:
            events.append(TimelineEvent(application.decision_on, "decision", _("Décision : %(s)s — %(t)s") % {
                "s": application.get_stage_display(), "t": application.title}))
    for activity in project.activities.all():
        events.append(TimelineEvent(timezone.localtime(activity.starts_at).date(), "activity",
                                    _("Animation : %(t)s") % {"t": activity.title}))
    for item in project.checklist.filter(done_on__isnull=False):
        events.append(TimelineEvent(item.done_on, "checklist", str(ChecklistStep(item.step).label).capitalize(), item.note))
    for document in project.documents.all():
        events.append(TimelineEvent(timezone.localtime(document.uploaded_at).date(), "document",
                                    _("Document : %(t)s") % {"t": document.title}))
    events.sort(key=lambda e: e.date)
    return events


def checklist_rows(*, project: ResidentProject) -> list[tuple[str, str, object]]:
    """(step code, label, item or None) for every step, in order."""
    done = {item.step: item for item in project.checklist.all()}
    return [(step.value, step.label, done.get(step.value)) for step in ChecklistStep]
