from django.urls import path

from core.voice import portal_views

app_name = "voice_portal"
urlpatterns = [
    path("", portal_views.portal_home, name="home"),
    path("questionnaires/<uuid:questionnaire_key>/", portal_views.portal_questionnaire, name="questionnaire"),
    path("consultations/<uuid:consultation_key>/", portal_views.portal_consultation, name="consultation"),
]
