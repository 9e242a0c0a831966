from django.urls import path

from core.dropins import views

app_name = "dropins"
urlpatterns = [
    path("", views.visit_index, name="visits"),
    path("passage/", views.visit_new, name="visit_new"),
    path("passage/habitants/", views.resident_search, name="resident_search"),
    path("suites/", views.follow_up_index, name="follow_ups"),
    path("suites/<int:follow_up_id>/clore/", views.follow_up_close_view, name="follow_up_close"),
    path("creneaux/", views.slot_index, name="slots"),
    path("creneaux/nouveau/", views.slot_new, name="slot_new"),
    path("creneaux/<int:slot_id>/supprimer/", views.slot_delete_view, name="slot_delete"),
]
