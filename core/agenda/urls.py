from django.urls import path

from core.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda, name="index"),
    path("parametres/", views.agenda_settings, name="settings"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical"),
]
