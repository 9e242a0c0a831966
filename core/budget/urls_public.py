from django.urls import path

from core.budget import views_public

app_name = "budget_public"
urlpatterns = [
    path("", views_public.execution, name="execution"),
]
