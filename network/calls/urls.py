from django.urls import path

from network.calls import views

app_name = "landlord_calls"
urlpatterns = [
    # Applicants, without an account (listed in tests/test_isolation_matrix.py PUBLIC_ANONYMOUS)
    path("candidater/", views.open_calls, name="open-calls"),
    path("candidater/<int:landlord_call_id>/", views.call_apply, name="apply"),
    path("candidater/dossier/<str:access_token>/", views.draft, name="draft"),
    path("candidater/dossier/<str:access_token>/pieces/<int:attachment_id>/", views.applicant_attachment,
         name="applicant-attachment"),
    path("candidater/resultats/<str:access_token>/", views.result_report, name="result-report"),
    # Head office, landlords, committee members
    path("appels-bailleurs/", views.call_list, name="calls"),
    path("appels-bailleurs/nouveau/", views.call_new, name="call-new"),
    path("appels-bailleurs/<int:landlord_call_id>/", views.call_detail, name="call"),
    path("appels-bailleurs/<int:landlord_call_id>/proces-verbal.pdf", views.minutes_pdf, name="minutes"),
    path("appels-bailleurs/candidatures/<int:call_application_id>/", views.application_detail, name="application"),
    path("appels-bailleurs/pieces/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("appels-bailleurs/laureats/", views.laureate_list, name="laureates"),
    path("appels-bailleurs/laureats/<int:laureate_id>/", views.laureate_detail, name="laureate"),
    path("appels-bailleurs/comptes-rendus/<int:result_report_id>/", views.report_detail, name="report"),
]
