from django.urls import path

from core.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.partner_index, name="index"),
    path("nouveau/", views.partner_new, name="new"),
    path("<int:partner_id>/", views.partner_detail, name="detail"),
    path("<int:partner_id>/modifier/", views.partner_edit, name="edit"),
    path("<int:partner_id>/echanges/nouveau/", views.interaction_new, name="interaction_new"),
    path("<int:partner_id>/contacts/nouveau/", views.contact_new, name="contact_new"),
    path("<int:partner_id>/statut/", views.status_change, name="status"),
    path("<int:partner_id>/documents/nouveau/", views.document_new, name="document_new"),
    path("<int:partner_id>/fusionner/<int:duplicate_id>/", views.partner_merge_view, name="merge"),
    path("contacts/<int:contact_id>/supprimer/", views.contact_delete, name="contact_delete"),
    path("echanges/", views.interaction_index, name="interactions"),
    path("echanges/<int:interaction_id>/fait/", views.next_step_done, name="next_step_done"),
    path("reseau/", views.network, name="network"),
    path("reunions/", views.meeting_index, name="meetings"),
    path("reunions/nouvelle/", views.meeting_form, name="meeting_new"),
    path("reunions/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("reunions/<int:meeting_id>/modifier/", views.meeting_form, name="meeting_edit"),
]
