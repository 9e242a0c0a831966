from django.urls import path

from core.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_index, name="index"),
    path("nouvelle/", views.activity_new, name="new"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/modifier/", views.activity_edit, name="edit"),
    path("<int:activity_id>/annuler/", views.activity_cancel_view, name="cancel"),
    path("<int:activity_id>/inscriptions/ajouter/", views.registration_add, name="registration_add"),
    path("<int:activity_id>/inscriptions/retirer/", views.registration_remove, name="registration_remove"),
    path("<int:activity_id>/presences/", views.activity_attendance, name="attendance"),
    path("<int:activity_id>/presences/basculer/", views.attendance_toggle, name="attendance_toggle"),
    path("<int:activity_id>/comptage/", views.anonymous_counts, name="anonymous_counts"),
    path("<int:activity_id>/feuille-de-presence.pdf", views.attendance_sheet_pdf, name="sheet"),
    path("<int:activity_id>/affiche-pointage/", views.check_in_poster, name="poster"),
    path("series/<int:series_id>/modifier/", views.series_edit, name="series_edit"),
]
