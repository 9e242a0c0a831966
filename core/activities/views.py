from apes_platform.access import public_view
from apes_platform.downloads import download_response
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.forms import add_service_errors, form_errors_line
from apes_platform.lists import render_filtered_list
from apes_platform.redirects import safe_next
from core.activities.forms import (
    DETAIL_FIELDS,
    ActivityFilterForm,
    ActivityForm,
    AnonymousCountsForm,
    CancelForm,
    SeriesForm,
    SessionForm,
)
from core.activities.models import AttendanceSource
from core.activities.recurrence import PARIS
from core.activities.selectors import (
    access_activity_by_check_in_token,
    access_activity_by_id,
    access_series_by_id,
    activity_list,
    attendee_ids,
    registered_ids,
    registered_residents,
    series_next_session,
    session_people,
    waiting_list,
    waiting_position,
)
from core.activities.services import (
    activity_cancel,
    activity_create,
    activity_update,
    anonymous_counts_set,
    attendance_mark,
    attendance_set,
    attendance_opens_at,
    registration_create,
    registration_delete,
    series_registration_create,
    series_update,
)
from core.people.models import Resident
from core.people.selectors import SEARCH_MAX_RESULTS, SEARCH_MIN_LETTERS, resident_search


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


EXPORT_COLUMNS = [
    (_("Début"), lambda a: a.starts_at),
    (_("Fin"), lambda a: a.ends_at),
    (_("Animation"), lambda a: a.title),
    (_("Type"), lambda a: a.get_kind_display()),
    (_("Public"), lambda a: a.get_audience_display()),
    (_("Lieu"), lambda a: a.place_label),
    (_("Organisée par"), lambda a: a.organiser_label),
    (_("Statut"), lambda a: a.get_status_display()),
    (_("Motif d'annulation"), lambda a: a.cancellation_reason),
    (_("Places"), lambda a: a.capacity),
    (_("Inscrit·es"), lambda a: a.registration_count),
    (_("Présent·es nommé·es"), lambda a: a.attendee_count),
    (_("Enfants"), lambda a: a.anonymous_children),
    (_("Voisin·es du quartier"), lambda a: a.anonymous_neighbours),
    (_("Autres, invité·es"), lambda a: a.anonymous_guests),
    (_("Intergénérationnelle"), lambda a: _("oui") if a.is_intergenerational else _("non")),
    (_("Proposée par des habitant·es"), lambda a: _("oui") if a.proposed_by_residents else _("non")),
    (_("Série"), lambda a: a.series_id or ""),
]


def activity_index(request):
    return render_filtered_list(request, filter_form_class=ActivityFilterForm, selector=activity_list,
                                template="activities/activity_list.html", per_page=25,
                                export_columns=EXPORT_COLUMNS, export_filename="animations")


def activity_new(request):
    # « Programmer une animation » from a template copied from the network (core.replications): prefilled.
    template, initial = None, {}
    if request.GET.get("modele"):
        from core.replications.selectors import access_activity_template_by_id, activity_template_initial

        template = access_activity_template_by_id(actor=request.user, id=request.GET["modele"])
        initial = activity_template_initial(actor=request.user, id=template.pk)
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if activity.series_id:
                count = activity.series.occurrences.count()
                messages.success(request, _("Animation « %(title)s » créée : %(n)d séances.")
                                 % {"title": activity.title, "n": count})
            else:
                messages.success(request, _("Animation « %(title)s » créée.") % {"title": activity.title})
            return redirect("activities:detail", activity_id=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "title": _("Nouvelle animation"),
                                                             "submit": _("Créer l'animation"),
                                                             "activity_template": template})


def _registrations_context(request, activity, *, search: str = "", status: str = "") -> dict:
    """The registration block of a session: who is registered or waiting, and the residents found
    by the search-as-you-type (2,000 residents: never a full list)."""
    registered = registered_residents(activity=activity)
    waiting = [entry.resident for entry in waiting_list(activity=activity)]
    excluded = {r.pk for r in registered} | {r.pk for r in waiting}
    search = "" if activity.is_cancelled else search
    return {
        "activity": activity, "registered": registered, "waiting": waiting,
        "present": attendee_ids(activity=activity), "registration_status": status,
        "is_full": activity.capacity is not None and len(registered) >= activity.capacity,
        **_found_by_name(search, exclude_ids=excluded),
    }


def activity_detail(request, activity_id: int):
    activity = access_activity_by_id(actor=request.user, id=activity_id)
    context = _registrations_context(request, activity, search=request.GET.get("q", ""))
    if request.htmx and request.GET.get("partial") == "register-found":
        return render(request, "activities/_register_found.html", context)
    present = context["present"]
    registered_pks = {r.pk for r in context["registered"]}
    return render(request, "activities/activity_detail.html", {
        **context,
        "present_count": len(present),
        "present_not_registered": len(present - registered_pks),
        "counts_form": AnonymousCountsForm(initial={
            "children": activity.anonymous_children, "neighbours": activity.anonymous_neighbours,
            "guests": activity.anonymous_guests}),
        "sessions": (activity.series.occurrences.order_by("starts_at") if activity.series_id else []),
        "attendance_opens_at": attendance_opens_at(activity),
        "attendance_open": timezone.now() >= attendance_opens_at(activity),
    })


def activity_edit(request, activity_id: int):
    activity = access_activity_by_id(actor=request.user, id=activity_id)
    form = SessionForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            activity_update(activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Séance modifiée."))
            return redirect("activities:detail", activity_id=activity.pk)
    title = _("Modifier cette séance") if activity.series_id else _("Modifier l'animation")
    return render(request, "activities/activity_form.html",
                  {"form": form, "activity": activity, "title": title, "submit": _("Enregistrer")})


def series_edit(request, series_id: int):
    series = access_series_by_id(actor=request.user, id=series_id)
    next_session = series_next_session(series=series)
    if next_session is None:
        messages.error(request, _("Cette série n'a plus de séance à venir."))
        return redirect("activities:index")
    start = timezone.localtime(next_session.starts_at, PARIS)
    initial = {"start_time": start.time(), "end_time": timezone.localtime(next_session.ends_at, PARIS).time()}
    form = SeriesForm(request.POST or None, instance=next_session, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        start_time, end_time = data.pop("start_time"), data.pop("end_time")
        duration = (timezone.datetime.combine(start.date(), end_time)
                    - timezone.datetime.combine(start.date(), start_time))
        try:
            count = series_update(series=series, start_time=start_time, duration=duration,
                                  confirm_outside_hours=data.get("confirm_outside_hours", False),
                                  **{k: v for k, v in data.items() if k in DETAIL_FIELDS})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)d séances à venir modifiées.") % {"n": count})
            return redirect("activities:detail", activity_id=next_session.pk)
    return render(request, "activities/activity_form.html", {
        "form": form, "activity": next_session, "series": series,
        "title": _("Modifier toutes les séances à venir"), "submit": _("Enregistrer pour toute la série"),
    })


def activity_cancel_view(request, activity_id: int):
    activity = access_activity_by_id(actor=request.user, id=activity_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity_cancel(activity=activity, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
        else:
            messages.success(request, _("Séance annulée."))
            return redirect("activities:detail", activity_id=activity.pk)
    return render(request, "activities/activity_cancel.html", {"form": form, "activity": activity})


def _registration_answer(request, activity, status: str, *, error: bool = False):
    """HTMX: the registration block again, with what happened said in its live region; otherwise
    back to the session page with a message."""
    if request.htmx:
        context = _registrations_context(request, activity, search=request.POST.get("q", ""), status=status)
        context["registration_error"] = error
        return render(request, "activities/_registrations.html", context)
    (messages.error if error else messages.success)(request, status)
    return redirect("activities:detail", activity_id=activity.pk)


def registration_add(request, activity_id: int):
    """Register one resident (full: on the waiting list), or for every upcoming session of the
    series with `series=1`. Without reload under HTMX."""
    activity = access_activity_by_id(actor=request.user, id=activity_id)  # 404 before 405: ids of another residence reveal nothing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        resident = Resident.objects.get(pk=int(request.POST.get("resident", "")))
        if request.POST.get("series") == "1":
            result = series_registration_create(activity=activity, resident=resident)
        else:
            made = registration_create(activity=activity, resident=resident, waitlist=True)
    except (Resident.DoesNotExist, ValueError):
        return _registration_answer(request, activity, _("Choisissez un·e habitant·e de la liste."), error=True)
    except ValidationError as exc:
        return _registration_answer(request, activity, _message(exc), error=True)
    name = resident.display_name
    if request.POST.get("series") == "1":
        status = _("%(name)s est inscrit·e à %(n)d séances à venir de la série.") % {
            "name": name, "n": len(result.registered)}
        if result.waiting:
            status += " " + _("Liste d'attente pour %(n)d séances complètes.") % {"n": len(result.waiting)}
        if result.already:
            status += " " + _("Déjà inscrit·e à %(n)d séances.") % {"n": len(result.already)}
    elif made.__class__.__name__ == "WaitlistEntry":
        status = _("Complet : %(name)s est sur la liste d'attente (position %(position)d).") % {
            "name": name, "position": waiting_position(entry=made)}
    else:
        status = _("%(name)s est inscrit·e.") % {"name": name}
    return _registration_answer(request, activity, status)


def registration_remove(request, activity_id: int):
    activity = access_activity_by_id(actor=request.user, id=activity_id)  # 404 before 405: ids of another residence reveal nothing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        promoted = registration_delete(activity=activity, resident_id=int(request.POST.get("resident", "")))
    except ValueError:
        return _registration_answer(request, activity, _("Choisissez un·e habitant·e de la liste."), error=True)
    status = _("Inscription retirée.")
    if promoted is not None:
        status += " " + _("%(name)s, premier·e de la liste d'attente, prend la place.") % {
            "name": promoted.display_name}
    return _registration_answer(request, activity, status)


def anonymous_counts(request, activity_id: int):
    activity = access_activity_by_id(actor=request.user, id=activity_id)  # 404 before 405: ids of another residence reveal nothing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnonymousCountsForm(request.POST)
    if form.is_valid():
        try:
            anonymous_counts_set(activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, _("Comptage enregistré : %(n)d personne(s) non nommée(s).")
                             % {"n": activity.anonymous_total})
    else:
        messages.error(request, form_errors_line(form))
    return redirect(safe_next(request, reverse("activities:detail", args=[activity.pk])))


def _found_by_name(search: str, *, exclude_ids) -> dict:
    """Residents found by name for a picker, and what `_attendance_found_status.html` says about it."""
    search = search.strip()
    found, more_found = resident_search(search=search, exclude_ids=exclude_ids)
    return {"search": search, "found": found, "more_found": more_found,
            "search_min": SEARCH_MIN_LETTERS, "search_max": SEARCH_MAX_RESULTS}


ATTENDANCE_PAGE_SIZE = 50
# Parts of the tick screen that HTMX reloads alone: the search results as one types, and the
# "tick all" form when it is opened (so it holds the ticks made since the page was loaded).
ATTENDANCE_PARTIALS = {
    "attendance-found": "activities/_attendance_found.html",
    "attendance-fallback": "activities/_attendance_fallback.html",
}


def _attendance_screen(request, activity) -> dict:
    """What the tick screen shows: a page of the people expected or already there, then at most 20
    other residents found by name. Its queries do not grow with the number of residents."""
    page = Paginator(session_people(activity=activity), ATTENDANCE_PAGE_SIZE).get_page(request.GET.get("page"))
    expected = list(page.object_list)
    search = _found_by_name(request.GET.get("q", ""), exclude_ids=[r.pk for r in expected])
    found = search["found"]
    present = attendee_ids(activity=activity)
    registered = registered_ids(activity=activity)
    for resident in found:
        resident.is_present, resident.is_registered = resident.pk in present, resident.pk in registered
    return {
        "activity": activity, "page": page, "expected": expected, **search,
        "present_count": len(present),
        # The fallback form sets the whole attendance: ticked people it does not show stay ticked.
        "present_not_shown": sorted(present - {r.pk for r in expected} - {r.pk for r in found}),
    }


def activity_attendance(request, activity_id: int):
    """The phone tick screen: the people expected or already there, others found by name; each tap
    saves at once (HTMX). The search and the "tick all" form also work without JS."""
    activity = access_activity_by_id(actor=request.user, id=activity_id)
    error = None
    if request.method == "POST":
        try:
            ids = attendance_set(activity=activity, resident_ids=request.POST.getlist("residents"))
        except (ValidationError, ValueError) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("%(n)d présence(s) enregistrée(s).") % {"n": len(ids)})
            return redirect("activities:attendance", activity_id=activity.pk)
    context = _attendance_screen(request, activity)
    if request.htmx and request.method == "GET" and request.htmx.target in ATTENDANCE_PARTIALS:
        return render(request, ATTENDANCE_PARTIALS[request.htmx.target], context)
    return render(request, "activities/attendance.html", {
        **context,
        "error": error,
        "counts_form": AnonymousCountsForm(initial={
            "children": activity.anonymous_children, "neighbours": activity.anonymous_neighbours,
            "guests": activity.anonymous_guests}),
    })


def attendance_toggle(request, activity_id: int):
    """One tap on the tick screen: mark or unmark one resident, answer with the updated button.

    A person found by the search and marked present joins the list of people there."""
    activity = access_activity_by_id(actor=request.user, id=activity_id)  # 404 before 405: ids of another residence reveal nothing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        resident = Resident.objects.get(pk=int(request.POST.get("resident", "")))
        present = attendance_mark(activity=activity, resident_id=resident.pk,
                                  present=request.POST.get("present") == "1")
    except (Resident.DoesNotExist, ValueError):
        return HttpResponse(_("Habitant·e introuvable."), status=404)
    except ValidationError as exc:
        return HttpResponse(f'<p class="error" role="alert">{_message(exc)}</p>', status=409)
    if request.htmx:
        found = request.POST.get("found") == "1"
        context = {"activity": activity, "resident": resident, "is_present": present, "found": found,
                   "is_registered": activity.registrations.filter(resident=resident).exists()}
        template = "activities/_tick_found.html" if found and present else "activities/_tick_button.html"
        return render(request, template, context)
    return redirect("activities:attendance", activity_id=activity.pk)


SHEET_MIN_BLANK_LINES, SHEET_LINES = 8, 20


def attendance_sheet_html(request, activity) -> str:
    """The sign-in sheet: registered names with an empty signature column, then blank lines
    (at least 8, and enough to fill one page of 20 lines) for people who come unannounced."""
    registered = registered_residents(activity=activity)
    return render_to_string("activities/attendance_sheet.html", {
        "activity": activity, "registered": registered,
        "blank_lines": range(max(SHEET_MIN_BLANK_LINES, SHEET_LINES - len(registered))),
    }, request=request)


def attendance_sheet_pdf(request, activity_id: int):
    from weasyprint import HTML

    activity = access_activity_by_id(actor=request.user, id=activity_id)
    html = attendance_sheet_html(request, activity)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return download_response(pdf, filename=f"feuille-presence-{activity.pk}.pdf", content_type="application/pdf",
                             inline=True)


def check_in_poster(request, activity_id: int):
    """A poster with the QR code of the session's check-in page (print it, or ?format=pdf)."""
    import segno

    activity = access_activity_by_id(actor=request.user, id=activity_id)
    url = request.build_absolute_uri(reverse("check_in", args=[activity.check_in_token]))
    qr_svg = segno.make(url, error="m").svg_inline(scale=10, border=2, omitsize=True)  # viewBox: scales to its box
    context = {"activity": activity, "url": url, "qr_svg": qr_svg}
    if request.GET.get("format") == "pdf":
        from weasyprint import HTML

        html = render_to_string("activities/check_in_poster_print.html", context, request=request)
        return download_response(HTML(string=html).write_pdf(), filename=f"affiche-pointage-{activity.pk}.pdf",
                                 content_type="application/pdf", inline=True)
    return render(request, "activities/check_in_poster.html", context)


# The public check-in page shows fewer people than the coordinators' pickers: whoever holds the
# poster is not staff. Others than the registered appear from 3 letters typed, at most 10.
CHECK_IN_SEARCH_MIN_LETTERS, CHECK_IN_SEARCH_MAX_RESULTS = 3, 10


def _check_in_found(search: str, *, registered) -> list:
    """The residents the public page shows for `search`, besides the registered ones."""
    search = search.strip()
    if len(search) < CHECK_IN_SEARCH_MIN_LETTERS:
        return []
    return resident_search(search=search, exclude_ids=[r.pk for r in registered],
                           limit=CHECK_IN_SEARCH_MAX_RESULTS)[0]


@public_view
def check_in(request, token: str):
    """The page behind the QR code: anyone holding it taps their name, without an account.

    Only this residence's session with that token resolves (404 otherwise), and only around its time.
    Registered people are listed; others appear only when at least three letters are typed, at most 10.
    Only those two groups can be marked: a tap sends the search it came from, which is run again
    (any other resident id is "not found"). Every request counts against the token's rate
    (`CheckInThrottle`), so one poster cannot be used to walk the residence's names.
    """
    from apes_platform.middleware import ThrottleMiddleware
    from apes_platform.throttling import CheckInThrottle

    throttle = CheckInThrottle(token)
    if not throttle.allow_request(request, None):
        return ThrottleMiddleware.too_many(request, throttle.wait())
    activity, is_open = access_activity_by_check_in_token(token)
    if not is_open:
        return render(request, "activities/check_in_closed.html", {"activity": activity}, status=403)
    done = None
    registered = registered_residents(activity=activity)
    if request.method == "POST":
        allowed = {r.pk: r for r in [*registered, *_check_in_found(request.POST.get("q", ""), registered=registered)]}
        try:
            resident = allowed[int(request.POST.get("resident", ""))]
            attendance_mark(activity=activity, resident_id=resident.pk, present=True,
                            source=AttendanceSource.CHECK_IN)
        except (KeyError, ValueError):
            return HttpResponse(_("Habitant·e introuvable : cherchez votre prénom puis touchez-le."), status=404)
        except ValidationError as exc:
            return HttpResponse(_message(exc), status=409)
        done = resident
        if request.htmx:
            return render(request, "activities/_check_in_done.html", {"resident": resident})
    search = (request.GET.get("q") or request.POST.get("q") or "").strip()
    others = _check_in_found(search, registered=registered)
    context = {"activity": activity, "registered": registered, "others": others, "search": search,
               "present": attendee_ids(activity=activity), "done": done, "token": token,
               "search_min": CHECK_IN_SEARCH_MIN_LETTERS}
    if request.htmx and request.method == "GET":
        return render(request, "activities/_check_in_people.html", context)
    return render(request, "activities/check_in.html", context)
