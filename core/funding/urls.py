from django.urls import path

from core.funding import views

app_name = "funding"
urlpatterns = [
    path("appels/", views.call_index, name="calls"),
    path("appels/nouveau/", views.call_form, name="call_new"),
    path("appels/veille/", views.feed_run_now, name="feed_run"),
    path("appels/<int:call_id>/", views.call_detail, name="call"),
    path("appels/<int:call_id>/modifier/", views.call_form, name="call_edit"),
    path("appels/<int:call_id>/vu/", views.call_seen_view, name="call_seen"),
    path("appels/<int:call_id>/dossier/", views.application_new, name="application_new"),
    path("dossiers/", views.application_index, name="applications"),
    path("dossiers/<int:application_id>/", views.application_detail, name="application"),
    path("dossiers/<int:application_id>/modifier/", views.application_edit, name="application_edit"),
    path("dossiers/<int:application_id>/etape/", views.application_stage, name="application_stage"),
    path("dossiers/<int:application_id>/comptes-rendus/nouveau/", views.report_new, name="report_new"),
    path("dossiers/<int:application_id>/documents/nouveau/", views.application_document_new,
         name="application_document_new"),
    path("comptes-rendus/<int:report_id>/rendu/", views.report_sent, name="report_sent"),
]
