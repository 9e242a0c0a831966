import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.forms import add_service_errors, user_label
from apes_platform.lists import render_filtered_list
from core.spaces import selectors
from core.spaces.forms import (
    BookingFilterForm,
    BookingForm,
    DeskFilterForm,
    DeskSignInForm,
    SpaceFilterForm,
    SpaceForm,
)
from core.spaces.services import booking_cancel, booking_create, desk_sign_in, desk_sign_out, space_create, space_update

SPACE_COLUMNS = [
    (gettext_lazy("Nom"), lambda s: s.name),
    (gettext_lazy("Type"), lambda s: s.get_kind_display()),
    (gettext_lazy("Capacité"), lambda s: s.capacity),
    (gettext_lazy("Horaires"), lambda s: " ; ".join(str(h) for h in s.opening_hours.all())),
    (gettext_lazy("En service"), lambda s: _("oui") if s.is_active else _("non")),
]
BOOKING_COLUMNS = [
    (gettext_lazy("Espace"), lambda b: b.space.name),
    (gettext_lazy("Intitulé"), lambda b: b.title),
    (gettext_lazy("Début"), lambda b: b.starts_at),
    (gettext_lazy("Fin"), lambda b: b.ends_at),
    (gettext_lazy("Personnes"), lambda b: b.party_size),
    (gettext_lazy("Réservé pour"), lambda b: b.get_booker_kind_display()),
    (gettext_lazy("Par"), lambda b: b.booker_label),
    (gettext_lazy("Atelier"), lambda b: b.get_workshop_theme_display()),
    (gettext_lazy("Statut"), lambda b: b.get_status_display()),
]
DESK_COLUMNS = [
    (gettext_lazy("Poste"), lambda s: s.desk.name),
    (gettext_lazy("Personne"), lambda s: s.person_name),
    (gettext_lazy("Habitant·e"), lambda s: _("oui") if s.resident_id else _("non")),
    (gettext_lazy("Arrivée"), lambda s: s.arrived_at),
    (gettext_lazy("Départ"), lambda s: s.left_at),
]


def space_index(request):
    return render_filtered_list(request, filter_form_class=SpaceFilterForm, selector=selectors.space_list,
                                   template="spaces/space_list.html", per_page=25, export_columns=SPACE_COLUMNS,
                                   export_filename="espaces")


def space_new(request):
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            space = space_create(**form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Espace « %(name)s » créé.") % {"name": space.name})
            return redirect("spaces:index")
    return render(request, "spaces/space_form.html", {"form": form})


def space_edit(request, space_id: int):
    space = selectors.access_space_by_id(actor=request.user, id=space_id)
    form = SpaceForm(request.POST or None, space=space)
    if request.method == "POST" and form.is_valid():
        try:
            space_update(space=space, is_active=form.cleaned_data["is_active"], **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Espace « %(name)s » enregistré.") % {"name": space.name})
            return redirect("spaces:index")
    return render(request, "spaces/space_form.html", {"form": form, "space": space})


def booking_index(request):
    return render_filtered_list(request, filter_form_class=BookingFilterForm, selector=selectors.booking_search,
                                   template="spaces/booking_list.html", per_page=25, export_columns=BOOKING_COLUMNS,
                                   export_filename="reservations")


def booking_new(request):
    initial = {}
    if request.method == "GET":
        if request.GET.get("espace"):
            initial["space"] = request.GET["espace"]
        if request.GET.get("jour"):
            try:
                day = dt.date.fromisoformat(request.GET["jour"])
            except ValueError:
                day = None
            if day:
                initial["starts_at"] = dt.datetime.combine(day, dt.time(14))
                initial["ends_at"] = dt.datetime.combine(day, dt.time(16))
    form = BookingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_create(booked_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Réservation « %(title)s » enregistrée.") % {"title": booking.title})
            return redirect("spaces:booking", booking_id=booking.pk)
    return render(request, "spaces/booking_form.html", {"form": form})


def booking_detail(request, booking_id: int):
    booking = selectors.access_booking_by_id(actor=request.user, id=booking_id)
    return render(request, "spaces/booking_detail.html", {"booking": booking})


def booking_cancel_view(request, booking_id: int):
    """GET asks for confirmation; POST cancels."""
    booking = selectors.access_booking_by_id(actor=request.user, id=booking_id)
    error = None
    if request.method == "POST":
        try:
            booking_cancel(booking=booking, cancelled_by=user_label(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Réservation « %(title)s » annulée.") % {"title": booking.title})
            return redirect("spaces:booking", booking_id=booking.pk)
    return render(request, "spaces/booking_cancel.html", {"booking": booking, "error": error})


def planning(request):
    try:
        day = dt.date.fromisoformat(request.GET.get("semaine", ""))
    except ValueError:
        day = timezone.localdate()
    week = selectors.week_planning(day=day)
    return render(request, "spaces/planning.html", {"week": week, "today": timezone.localdate()})


def desk_log(request):
    """The coworking sign-in log: filtered list (and export), with the arrival form on top."""
    form = DeskSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sign_in = desk_sign_in(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Arrivée de %(name)s notée.") % {"name": sign_in.person_name})
            return redirect("spaces:desk_log")
    return render_filtered_list(request, filter_form_class=DeskFilterForm, selector=selectors.desk_sign_in_list,
                                template="spaces/desk_log.html", per_page=50, export_columns=DESK_COLUMNS,
                                export_filename="coworking", extra_context={"form": form})


def desk_sign_out_view(request, sign_in_id: int):
    sign_in = selectors.access_sign_in_by_id(actor=request.user, id=sign_in_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        desk_sign_out(sign_in=sign_in)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Départ de %(name)s noté.") % {"name": sign_in.person_name})
    return redirect("spaces:desk_log")
