from django.urls import path

from core.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy_index, name="index"),
    path("habitants/<int:resident_id>/", views.resident_privacy, name="resident"),
    path("habitants/<int:resident_id>/consentements/<int:consent_id>/retrait/", views.consent_withdraw,
         name="consent_withdraw"),
    path("habitants/<int:resident_id>/informations-sensibles/", views.sensitive_record, name="sensitive"),
    path("habitants/<int:resident_id>/journal/", views.resident_audit, name="audit"),
    path("habitants/<int:resident_id>/export.json", views.export_json, name="export_json"),
    path("habitants/<int:resident_id>/export.pdf", views.export_pdf, name="export_pdf"),
    path("habitants/<int:resident_id>/effacement/", views.resident_erase, name="erase"),
]
