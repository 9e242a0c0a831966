"""Celery tasks of the reports app: they only call services. The schema travels in the headers."""
from celery import shared_task
from django.db import connection

from reporting.reports.services import report_job_run


@shared_task(name="reports.generate_report", acks_late=True)
def generate_report(job_id: int) -> dict:
    job = report_job_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "schema": connection.schema_name}
