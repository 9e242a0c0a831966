"""Requesting and generating activity reports (PDF made with WeasyPrint)."""
from __future__ import annotations

import logging
from functools import cache, partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from reporting.reports.models import ReportJob
from reporting.reports.sections import LANDLORD, RESIDENCE, ReportContext, sections_for
from reporting.selectors import ReportingScope
from tenants.models import Residence, User

logger = logging.getLogger(__name__)

MIN_YEAR = 2000


def _validate_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not (MIN_YEAR <= year <= this_year):
        raise ValidationError({"year": _("L'année doit être comprise entre %(min)d et %(max)d.")
                               % {"min": MIN_YEAR, "max": this_year}})


def _send_on_commit(job: ReportJob) -> None:
    """Queue the generation once the job row is committed, from the schema the report belongs to."""
    from reporting.reports.tasks import generate_report

    schema = job.residence.schema_name if job.kind == ReportJob.Kind.RESIDENCE else get_public_schema_name()

    def send(job_id: int) -> None:
        with schema_context(schema):
            generate_report.delay(job_id)

    transaction.on_commit(partial(send, job.pk))


@transaction.atomic
def residence_report_request(*, residence: Residence, year: int, user: User) -> ReportJob:
    """Ask for the activity report of `residence` for `year`.

    A request while the same report is still waiting or running returns that job (no duplicate).
    """
    _validate_year(year)
    running = ReportJob.objects.filter(
        kind=ReportJob.Kind.RESIDENCE, residence=residence, year=year,
        status__in=[ReportJob.Status.PENDING, ReportJob.Status.RUNNING],
    ).defer("pdf").first()
    if running is not None:
        return running
    job = ReportJob(kind=ReportJob.Kind.RESIDENCE, residence=residence, year=year, requested_by=user)
    job.full_clean()
    job.save()
    _send_on_commit(job)
    return job


@transaction.atomic
def landlord_report_request(*, scope: ReportingScope, year: int, user: User) -> ReportJob:
    """Ask for the report over a landlord's residences; the scope (landlord view) decides which landlord."""
    if scope.landlord is None:
        raise PermissionDenied
    _validate_year(year)
    running = ReportJob.objects.filter(
        kind=ReportJob.Kind.LANDLORD, landlord=scope.landlord, year=year,
        status__in=[ReportJob.Status.PENDING, ReportJob.Status.RUNNING],
    ).defer("pdf").first()
    if running is not None:
        return running
    job = ReportJob(kind=ReportJob.Kind.LANDLORD, landlord=scope.landlord, year=year, requested_by=user)
    job.full_clean()
    job.save()
    _send_on_commit(job)
    return job


def _progress(job: ReportJob, *, progress: int, step: str, **fields) -> None:
    # Committed at once (no transaction around the run), so the progress page sees it.
    ReportJob.objects.filter(pk=job.pk).update(progress=progress, step=step[:120], **fields)


def _context(job: ReportJob) -> ReportContext:
    if job.kind == ReportJob.Kind.RESIDENCE:
        if connection.schema_name != job.residence.schema_name:
            raise RuntimeError(f"residence report {job.pk} run on schema {connection.schema_name!r}")
        return ReportContext(kind=RESIDENCE, year=job.year, residence=job.residence)
    if connection.schema_name != get_public_schema_name():
        raise RuntimeError(f"landlord report {job.pk} run on schema {connection.schema_name!r}")
    return ReportContext(kind=LANDLORD, year=job.year, landlord=job.landlord,
                         scope=ReportingScope(kind="landlord", landlord=job.landlord))


@cache
def _font_config():
    """One font configuration per worker process: building it (fontconfig, Pango's font map) for
    every report cost about a fifth of a second each."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def report_html(*, report: ReportContext, on_section=None) -> str:
    """The whole report as one HTML document: every registered section of its kind, in order."""
    sections = sections_for(report.kind)
    parts = []
    for index, section in enumerate(sections, start=1):
        html = section.render(report)
        if html:
            parts.append({"code": section.code, "title": section.title, "html": html})
        if on_section:
            on_section(index, len(sections), section)
    return render_to_string("reports/document.html", {
        "report": report, "sections": parts, "generated_at": timezone.localtime(),
    })


def report_job_run(*, job_id: int) -> ReportJob:
    """Generate the PDF of a job, reporting progress; run on the report's schema (residence or public).

    Idempotent: a finished job is left as it is; a job run again (redelivered message)
    is generated again into the same row. On any error nothing is kept but the error:
    no PDF, status "failed", a message the requester can read.
    """
    job = ReportJob.objects.select_related("residence", "landlord").defer("pdf").get(pk=job_id)
    if job.status == ReportJob.Status.DONE:
        return job
    _progress(job, progress=2, step=_("Préparation"), status=ReportJob.Status.RUNNING, error="",
              finished_at=None)
    try:
        report = _context(job)

        def on_section(index: int, total: int, section) -> None:
            _progress(job, progress=5 + int(80 * index / max(total, 1)),
                      step=_("Section « %(title)s »") % {"title": section.title})

        html = report_html(report=report, on_section=on_section)
        _progress(job, progress=90, step=_("Mise en page du PDF"))
        from weasyprint import HTML

        pdf = HTML(string=html).write_pdf(font_config=_font_config())
    except Exception as exc:  # noqa: BLE001 - any failure is shown to the requester, then logged
        logger.exception("report %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, pdf=None, filename="", finished_at=timezone.now(), step="",
            error=_("La génération du rapport a échoué (%(error)s). Réessayez ; si l'échec se répète, "
                    "contactez le siège.") % {"error": type(exc).__name__},
        )
    else:
        subject = job.residence.slug if job.residence else slugify(job.landlord.short_name)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.DONE, progress=100, step="", pdf=pdf, finished_at=timezone.now(),
            filename=f"rapport-activite-{subject}-{job.year}.pdf",
        )
    job.refresh_from_db()
    return job
