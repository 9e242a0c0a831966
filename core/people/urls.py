from django.urls import path

from core.people import views

app_name = "people"
urlpatterns = [
    path("", views.resident_index, name="index"),
    path("nouveau/", views.resident_new, name="new"),
    path("<int:resident_id>/modifier/", views.resident_edit, name="edit"),
]
