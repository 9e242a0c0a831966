"""Report pages: the residence's report on its host, the landlord report on the public host.

Every lookup by id goes through an `access_…_by_id` selector bound to the caller's scope,
so another residence's or landlord's job id answers 404.
"""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from apes_platform.downloads import download_response
from apes_platform.exports import FORMATS, export_response
from apes_platform.forms import add_service_errors
from apes_platform.fragments import render_fragment
from apes_platform.lists import FILTER_AUTO_ID
from reporting.reports.forms import ReportFilterForm, ReportRequestForm, landlord_choices
from reporting.reports.models import ReportJob
from reporting.reports.selectors import (
    access_landlord_report_job_by_id,
    access_residence_report_job_by_id,
    report_job_list_for_residence,
    report_job_list_for_scope,
    report_pdf,
)
from reporting.reports.services import landlord_report_request, residence_report_request
from reporting.selectors import ReportingScope

RESIDENCE_BASE = "residence_base.html"
PUBLIC_BASE = "public_base.html"

JOB_COLUMNS = [
    (_("Année"), lambda j: j.year),
    (_("Objet"), lambda j: str(j.subject)),
    (_("Demandé par"), lambda j: j.requested_by.full_name if j.requested_by else ""),
    (_("Demandé le"), lambda j: j.created_at),
    (_("État"), lambda j: j.get_status_display()),
    (_("Avancement (%)"), lambda j: j.progress),
    (_("Terminé le"), lambda j: j.finished_at),
]


def _job_list(request, *, jobs, form, base: str, extra: dict | None = None):
    filters = ReportFilterForm(request.GET or None, auto_id=FILTER_AUTO_ID)
    if filters.is_valid():
        if filters.cleaned_data.get("year"):
            jobs = jobs.filter(year=filters.cleaned_data["year"])
        if filters.cleaned_data.get("status"):
            jobs = jobs.filter(status=filters.cleaned_data["status"])
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(jobs, JOB_COLUMNS, filename="rapports", fmt=fmt)
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/job_list.html", {
        "page": page, "form": form, "filters": filters, "base_template": base, "query": query.urlencode(),
        **(extra or {}),
    })


# --- Residence host -------------------------------------------------------------------------

def residence_report_index(request):
    residence = request.tenant
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = residence_report_request(residence=residence, year=form.cleaned_data["year"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:detail", job_id=job.pk)
    return _job_list(request, jobs=report_job_list_for_residence(residence=residence), form=form,
                     base=RESIDENCE_BASE)


def residence_report_detail(request, job_id: int):
    job = access_residence_report_job_by_id(actor=request.user, id=job_id, residence=request.tenant)
    return render(request, "reports/job_detail.html", {"job": job, "base_template": RESIDENCE_BASE})


def residence_report_status(request, job_id: int):
    job = access_residence_report_job_by_id(actor=request.user, id=job_id, residence=request.tenant)
    return render_fragment(request, "reports/_job_status.html", {"job": job}, title=_("État du rapport"))


def residence_report_download(request, job_id: int):
    return _download(access_residence_report_job_by_id(actor=request.user, id=job_id, residence=request.tenant))


def _download(job: ReportJob) -> HttpResponse:
    pdf = report_pdf(job=job)
    if pdf is None:
        raise Http404(_("Rapport pas encore prêt"))
    return download_response(pdf, filename=job.filename, content_type="application/pdf")


# --- Public host: landlord reports ----------------------------------------------------------

def _viewer_scope(request) -> ReportingScope:
    """The head office sees every landlord's reports; a landlord viewer only its own; others 403."""
    return ReportingScope.for_user(request.user)


@login_required
def landlord_report_index(request):
    scope = _viewer_scope(request)
    landlords = landlord_choices() if request.user.is_head_office else None
    form = ReportRequestForm(request.POST or None, landlords=landlords)
    if request.method == "POST" and form.is_valid():
        landlord_id = form.cleaned_data["landlord"].pk if landlords is not None else None
        target = ReportingScope.for_user(request.user, landlord_id=landlord_id)
        try:
            job = landlord_report_request(scope=target, year=form.cleaned_data["year"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("reports:detail", job_id=job.pk)
    return _job_list(request, jobs=report_job_list_for_scope(scope=scope), form=form, base=PUBLIC_BASE,
                     extra={"landlord_report": True})


@login_required
def landlord_report_detail(request, job_id: int):
    job = access_landlord_report_job_by_id(actor=request.user, id=job_id)
    return render(request, "reports/job_detail.html", {"job": job, "base_template": PUBLIC_BASE})


@login_required
def landlord_report_status(request, job_id: int):
    job = access_landlord_report_job_by_id(actor=request.user, id=job_id)
    return render_fragment(request, "reports/_job_status.html", {"job": job}, title=_("État du rapport"))


@login_required
def landlord_report_download(request, job_id: int):
    return _download(access_landlord_report_job_by_id(actor=request.user, id=job_id))
