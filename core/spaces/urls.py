from django.urls import path

from core.spaces import views

app_name = "spaces"
urlpatterns = [
    path("", views.space_index, name="index"),
    path("nouveau/", views.space_new, name="new"),
    path("<int:space_id>/modifier/", views.space_edit, name="edit"),
    path("planning/", views.planning, name="planning"),
    path("reservations/", views.booking_index, name="bookings"),
    path("reservations/nouvelle/", views.booking_new, name="booking_new"),
    path("reservations/<int:booking_id>/", views.booking_detail, name="booking"),
    path("reservations/<int:booking_id>/annuler/", views.booking_cancel_view, name="booking_cancel"),
    path("coworking/", views.desk_log, name="desk_log"),
    path("coworking/<int:sign_in_id>/depart/", views.desk_sign_out_view, name="desk_sign_out"),
]
