from django.urls import path

from core.portal import resident_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("acces/<str:token>/", views.link_open, name="open"),
    path("quitter/", views.leave, name="leave"),
    path("entree/", resident_views.entrance, name="entrance"),
    path("agenda/", resident_views.agenda, name="agenda"),
    path("agenda/<str:ref>/", resident_views.activity, name="activity"),
    path("idee/", resident_views.idea, name="idea"),
    path("savoir-faire/", resident_views.skill, name="skill"),
    path("rappels/", resident_views.reminders, name="reminders"),
    path("mes-donnees/", resident_views.my_data, name="my_data"),
    path("mes-donnees/export.<str:fmt>", resident_views.my_data_export, name="my_data_export"),
]
