from django.urls import path

from core.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_index, name="index"),
    path("nouveau/", views.project_form, name="new"),
    path("<int:project_id>/", views.project_detail, name="detail"),
    path("<int:project_id>/modifier/", views.project_form, name="edit"),
    path("<int:project_id>/etape/", views.project_stage, name="stage"),
    path("<int:project_id>/taches/nouvelle/", views.project_task_new, name="task_new"),
    path("<int:project_id>/objectifs/nouveau/", views.project_target_new, name="target_new"),
    path("<int:project_id>/financement/nouveau/", views.project_funding_new, name="funding_new"),
    path("<int:project_id>/perennisation/", views.project_checklist, name="checklist"),
    path("<int:project_id>/bilan/", views.project_review, name="review"),
    path("<int:project_id>/documents/nouveau/", views.project_document_new, name="document_new"),
    path("taches/<int:task_id>/faite/", views.task_done_view, name="task_done"),
    path("objectifs/<int:target_id>/realise/", views.target_actual, name="target_actual"),
    path("financement/<int:line_id>/modifier/", views.funding_line_edit, name="funding_edit"),
]
