from django.urls import path

from core.funding import views_public

app_name = "funding_network"
urlpatterns = [
    path("", views_public.funding_network, name="index"),
]
