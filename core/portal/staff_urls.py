from django.urls import path

from core.portal import views

app_name = "portal_links"
urlpatterns = [
    path("", views.link_index, name="index"),
    path("<int:resident_id>/", views.link_new, name="new"),
]
