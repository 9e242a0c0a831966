from django.urls import path

from core.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.register, name="index"),
    path("regles/<int:space_id>/", views.space_rules, name="rules"),
    path("regles/<int:space_id>/nouvelle-version/", views.rules_new, name="rules_new"),
    path("regles/<int:space_id>/prise-de-connaissance/", views.rules_acknowledge_view, name="rules_acknowledge"),
    path("controles/", views.check_index, name="checks"),
    path("controles/nouveau/", views.check_new, name="check_new"),
    path("controles/<int:check_id>/", views.check_detail, name="check"),
    path("incidents/", views.incident_index, name="incidents"),
    path("incidents/nouveau/", views.incident_new, name="incident_new"),
    path("incidents/<int:incident_id>/modifier/", views.incident_edit, name="incident_edit"),
]
