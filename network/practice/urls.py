from django.urls import path

from network.practice import views

app_name = "practice"
urlpatterns = [
    path("", views.sheet_index, name="sheets"),
    path("fiches/<int:sheet_id>/", views.sheet_detail, name="sheet"),
    path("fiches/<int:sheet_id>/photo/", views.sheet_photo, name="sheet-photo"),
    path("fiches/<int:sheet_id>/publier/", views.sheet_publish, name="sheet-publish"),
    path("fiches/<int:sheet_id>/renvoyer/", views.sheet_return, name="sheet-return"),
    path("fiches/<int:sheet_id>/experimentation/", views.sheet_experiment, name="sheet-experiment"),
    path("relecture/", views.review, name="review"),
    path("experimentations/", views.experiment_index, name="experiments"),
    path("experimentations/<int:sheet_id>/", views.experiment_detail, name="experiment"),
    path("ressources/", views.resource_index, name="resources"),
    path("ressources/nouvelle/", views.resource_new, name="resource-new"),
    path("ressources/<int:resource_id>/", views.resource_detail, name="resource"),
    path("ressources/<int:resource_id>/modifier/", views.resource_edit, name="resource-edit"),
    path("ressources/<int:resource_id>/supprimer/", views.resource_delete, name="resource-delete"),
    path("ressources/versions/<int:version_id>/telecharger/", views.resource_download, name="resource-download"),
    path("evenements/", views.event_index, name="events"),
    path("evenements/nouveau/", views.event_new, name="event-new"),
    path("evenements/<int:event_id>/", views.event_detail, name="event"),
    path("evenements/<int:event_id>/modifier/", views.event_edit, name="event-edit"),
    path("evenements/<int:event_id>/supprimer/", views.event_delete, name="event-delete"),
    path("evenements/<int:event_id>/inscription/", views.event_register, name="event-register"),
    path("evenements/<int:event_id>/partenaires/", views.event_partner_add, name="event-partner"),
    path("evenements/<int:event_id>/presences/", views.event_attendance, name="event-attendance"),
    path("evenements/<int:event_id>/supports/", views.event_materials, name="event-materials"),
    path("evenements/ical/<str:token>.ics", views.events_ical, name="events-ical"),
]
