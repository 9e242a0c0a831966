"""Indicators of residents' projects (see reporting/indicators.py)."""
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from core.partners.indicators import paris_days
from core.projects.models import ProjectStage, ProjectStageChange, ProjectTarget, ResidentProject
from reporting.indicators import figure_read_once, indicator

CENT = Decimal("0.01")


@figure_read_once
def project_figures(start, end) -> dict:
    """Projects started, funded, completed in the period and the targets at its end, in one statement."""
    first, last = paris_days(start, end)
    changes, targets = ProjectStageChange._meta.db_table, ProjectTarget._meta.db_table
    projects = ResidentProject._meta.db_table
    from core.funding.models import GRANTED, Application

    applications = Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(DISTINCT project_id) FROM {changes} WHERE stage = %s AND changed_on >= %s"
            f" AND changed_on < %s),"
            f" (SELECT count(DISTINCT project_id) FROM {applications} WHERE project_id IS NOT NULL"
            f" AND stage = ANY(%s) AND decision_on >= %s AND decision_on < %s),"
            f" (SELECT count(DISTINCT project_id) FROM {changes} WHERE stage = %s AND changed_on >= %s"
            f" AND changed_on < %s),"
            f" (SELECT count(*) FILTER (WHERE t.actual >= t.target) FROM {targets} t JOIN {projects} p"
            f" ON p.id = t.project_id WHERE t.actual IS NOT NULL AND p.created_at < %s),"
            f" (SELECT count(*) FROM {targets} t JOIN {projects} p ON p.id = t.project_id"
            f" WHERE t.actual IS NOT NULL AND p.created_at < %s)",
            [ProjectStage.IDEA, first, last, list(GRANTED), first, last, ProjectStage.DONE, first, last, end, end])
        started, funded, completed, met, entered = cursor.fetchone()
    return {"started": started, "funded": funded, "completed": completed, "met": met, "entered": entered}


def _ind(code, label, definition, unit, sources):
    return indicator(code=code, label=label, definition=definition, unit=unit, period="month",
                     higher_is_better=True, counts_people=False, sources=sources, theme="projects")


@_ind("projects_started", _("Projets d'habitants lancés"), _("Projets d'habitants nés (étape « idée ») dans la période."),
      _("projets"), ("projects.ProjectStageChange",))
def projects_started(start, end):
    f = project_figures(start, end)
    return Decimal(f["started"]), f["started"]


@_ind("projects_funded", _("Projets d'habitants financés"),
      _("Projets dont un dossier de candidature a été accordé (en tout ou en partie) dans la période."),
      _("projets"), ("funding.Application",))
def projects_funded(start, end):
    f = project_figures(start, end)
    return Decimal(f["funded"]), f["funded"]


@_ind("projects_completed", _("Projets d'habitants menés à terme"),
      _("Projets passés à l'étape « terminé » dans la période."), _("projets"), ("projects.ProjectStageChange",))
def projects_completed(start, end):
    f = project_figures(start, end)
    return Decimal(f["completed"]), f["completed"]


@_ind("project_targets_met_share", _("Objectifs chiffrés des projets atteints"),
      _("Objectifs chiffrés dont la valeur atteinte égale ou dépasse la valeur visée, divisés par les objectifs "
        "dont la valeur atteinte est renseignée, en pourcentage, pour les projets nés avant la fin de la période "
        "(valeurs atteintes telles que saisies aujourd'hui)."), _("%"),
      ("projects.ProjectTarget",))
def project_targets_met_share(start, end):
    f = project_figures(start, end)
    if not f["entered"]:
        return None, 0
    return (Decimal(f["met"]) * 100 / f["entered"]).quantize(CENT, ROUND_HALF_UP), f["entered"]
