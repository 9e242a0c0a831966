"""Time and size of the activity reports on the demo data (run after `manage.py demo_seed`).

    .venv/bin/python bench/reports.py
"""
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apes_platform.settings")
django.setup()

from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from reporting.reports.models import ReportJob  # noqa: E402
from reporting.reports.selectors import report_pdf  # noqa: E402
from reporting.reports.services import report_job_run  # noqa: E402
from tenants.models import Landlord, Residence  # noqa: E402

year = timezone.localdate().year
residence = Residence.objects.get(slug="les-tilleuls")
cases = [
    ("residence les-tilleuls", residence.schema_name,
     ReportJob.objects.create(kind="residence", residence=residence, year=year)),
    ("landlord Seqens", "public",
     ReportJob.objects.create(kind="landlord", landlord=Landlord.objects.get(short_name="Seqens"), year=year)),
]
for name, schema, job in cases:
    started = time.perf_counter()
    with schema_context(schema):
        job = report_job_run(job_id=job.pk)
    seconds = time.perf_counter() - started
    pdf = report_pdf(job=job) or b""
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf)).pages) if pdf else 0
    print(f"{name}: {job.status}, {seconds:.2f} s, {len(pdf) / 1024:.0f} KiB, {pages} pages")
    ReportJob.objects.filter(pk=job.pk).delete()
