from django.urls import path

from core.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.message_index, name="index"),
    path("nouveau/", views.message_new, name="new"),
    path("<int:message_id>/", views.message_detail, name="detail"),
    path("<int:message_id>/modifier/", views.message_edit, name="edit"),
    path("<int:message_id>/envoyer/", views.message_send, name="send"),
    path("<int:message_id>/progression/", views.message_progress, name="progress"),
    path("<int:message_id>/affiche.pdf", views.message_poster, name="poster"),
    path("<int:message_id>/appels/", views.call_list, name="calls"),
    path("<int:message_id>/appels/<int:delivery_id>/", views.call_tick, name="call_tick"),
    path("affiche-espace-habitant/", views.portal_poster, name="portal_poster"),
    path("sms-compteur/", views.sms_counter, name="sms_counter"),
    path("modeles/", views.template_index, name="templates"),
    path("modeles/nouveau/", views.template_new, name="template_new"),
    path("modeles/<int:template_id>/", views.template_edit, name="template_edit"),
    path("idees/", views.idea_index, name="ideas"),
    path("habitants/<int:resident_id>/desabonnements/", views.resident_opt_outs, name="resident_opt_outs"),
    path("habitants/<int:resident_id>/desabonnements/<int:opt_out_id>/lever/", views.opt_out_lift,
         name="opt_out_lift"),
    path("desabonnement/<str:unsubscribe_token>/", views.unsubscribe, name="unsubscribe"),
    path("webhooks/sms/statut/", views.sms_status_webhook, name="sms_status_webhook"),
    path("webhooks/sms/reponse/", views.sms_inbound_webhook, name="sms_inbound_webhook"),
    path("webhooks/email/statut/", views.email_status_webhook, name="email_status_webhook"),
    path("stop/<str:opt_out_code>/", views.sms_opt_out, name="sms_opt_out"),
]
