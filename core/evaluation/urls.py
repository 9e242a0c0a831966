from django.urls import path

from core.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_home, name="home"),
    path("vagues/nouvelle/", views.wave_new, name="wave_new"),
    path("reponses/", views.response_index, name="responses"),
    path("reponses/nouvelle/", views.response_new, name="response_new"),
    path("bilan/", views.narrative_index, name="narratives"),
    path("bilan/nouvelle/", views.narrative_new, name="narrative_new"),
    path("bilan/<int:section_id>/modifier/", views.narrative_edit, name="narrative_edit"),
    path("bilan/<int:section_id>/supprimer/", views.narrative_delete, name="narrative_delete"),
]
