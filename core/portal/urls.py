from django.urls import path

from core.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("acces/<str:token>/", views.link_open, name="open"),
    path("quitter/", views.leave, name="leave"),
]
