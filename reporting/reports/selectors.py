"""Reads of the reports app: report jobs, always through their scope (a residence or a landlord)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from reporting.reports.models import ReportJob
from reporting.selectors import ReportingScope
from tenants.models import Residence, User



def report_job_list_for_residence(*, residence: Residence, year: int | None = None) -> QuerySet[ReportJob]:
    qs = (ReportJob.objects.filter(kind=ReportJob.Kind.RESIDENCE, residence=residence)
          .select_related("requested_by", "residence").defer("pdf"))
    return qs.filter(year=year) if year else qs


def report_job_list_for_scope(*, scope: ReportingScope, year: int | None = None) -> QuerySet[ReportJob]:
    """Landlord reports the scope may see: the head office all of them, a landlord viewer its own."""
    qs = (ReportJob.objects.filter(kind=ReportJob.Kind.LANDLORD)
          .select_related("requested_by", "landlord").defer("pdf"))
    if scope.kind != "all":
        qs = qs.filter(landlord_id=scope.landlord.pk)
    return qs.filter(year=year) if year else qs


def access_residence_report_job_by_id(*, actor: User, id, residence: Residence) -> ReportJob:  # noqa: A002
    """A report job of `residence` (the host's) that `actor` may see, or 404: its coordinators and the
    head office; another residence's id never resolves."""
    from tenants.selectors import user_can_enter_residence

    if not (actor.is_authenticated and user_can_enter_residence(user=actor, residence=residence)):
        raise Http404(_("Rapport introuvable"))
    try:
        return report_job_list_for_residence(residence=residence).get(pk=id)
    except (ReportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Rapport introuvable")) from exc


def access_landlord_report_job_by_id(*, actor: User | ReportingScope, id) -> ReportJob:  # noqa: A002
    """A landlord report `actor` may see (the head office all, a landlord viewer its own), or 404.
    Anyone else (a coordinator) is refused by `ReportingScope.for_user` (403)."""
    scope = actor if isinstance(actor, ReportingScope) else ReportingScope.for_user(actor)
    try:
        return report_job_list_for_scope(scope=scope).get(pk=id)
    except (ReportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Rapport introuvable")) from exc


def report_pdf(*, job: ReportJob) -> bytes | None:
    """The PDF bytes of a finished job (the list queries leave them out)."""
    pdf = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.DONE).values_list("pdf", flat=True).first()
    return bytes(pdf) if pdf is not None else None
