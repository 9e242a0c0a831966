from django.urls import path

from core.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_index, name="index"),
    path("nouvelle/", views.activity_new, name="new"),
    path("<int:activity_id>/presences/", views.activity_attendance, name="attendance"),
]
