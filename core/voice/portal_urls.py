from django.urls import path

from core.voice import portal_views

app_name = "voice_portal"
urlpatterns = [
    path("", portal_views.portal_home, name="home"),
    path("questionnaires/<int:questionnaire_id>/", portal_views.portal_questionnaire, name="questionnaire"),
    path("consultations/<int:consultation_id>/", portal_views.portal_consultation, name="consultation"),
]
