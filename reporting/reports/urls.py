"""Residence host: /rapports/…"""
from django.urls import path

from reporting.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.residence_report_index, name="index"),
    path("<int:job_id>/", views.residence_report_detail, name="detail"),
    path("<int:job_id>/etat/", views.residence_report_status, name="status"),
    path("<int:job_id>/telecharger/", views.residence_report_download, name="download"),
]
