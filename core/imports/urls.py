from django.urls import path

from core.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_index, name="index"),
    path("modele/<slug:kind>.<slug:fmt>", views.import_template, name="template"),
]
