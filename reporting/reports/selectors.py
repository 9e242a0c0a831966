"""Reads of the reports app: report jobs, always through their scope (a residence or a landlord)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from reporting.reports.models import ReportJob
from reporting.selectors import ReportingScope
from tenants.models import Residence



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


def access_residence_report_job_by_id(*, residence: Residence, job_id) -> ReportJob:
    """A report job of this residence, or 404: another residence's id never resolves."""
    try:
        return report_job_list_for_residence(residence=residence).get(pk=job_id)
    except (ReportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Rapport introuvable") from exc


def access_landlord_report_job_by_id(*, scope: ReportingScope, job_id) -> ReportJob:
    try:
        return report_job_list_for_scope(scope=scope).get(pk=job_id)
    except (ReportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Rapport introuvable") from exc


def report_pdf(*, job: ReportJob) -> bytes | None:
    """The PDF bytes of a finished job (the list queries leave them out)."""
    pdf = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.DONE).values_list("pdf", flat=True).first()
    return bytes(pdf) if pdf is not None else None
