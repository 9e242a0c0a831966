from django.urls import path

from core.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:document_id>/telecharger/", views.document_download, name="download"),
]
