from django.urls import path

from network.practice import views_residence as views

app_name = "practice_residence"
urlpatterns = [
    path("", views.index, name="index"),
    path("fiches/nouvelle/", views.sheet_new, name="sheet_new"),
    path("fiches/<int:sheet_id>/", views.sheet_edit, name="sheet"),
    path("faire-pareil/<int:sheet_id>/", views.replicate, name="replicate"),
    path("modeles/<int:activity_template_id>/", views.activity_template, name="activity_template"),
]
