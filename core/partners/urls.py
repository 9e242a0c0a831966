from django.urls import path

from core.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.partner_index, name="index"),
    path("nouveau/", views.partner_new, name="new"),
    path("<int:partner_id>/modifier/", views.partner_edit, name="edit"),
]
