"""Public host: /rapports/… (landlord reports, for the head office and the landlord's viewers)."""
from django.urls import path

from reporting.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.landlord_report_index, name="index"),
    path("<int:job_id>/", views.landlord_report_detail, name="detail"),
    path("<int:job_id>/etat/", views.landlord_report_status, name="status"),
    path("<int:job_id>/telecharger/", views.landlord_report_download, name="download"),
]
