from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateformat import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.confirm import confirm_then
from apes_platform.lists import render_filtered_list
from apes_platform.redirects import safe_next
from apes_platform.forms import add_service_errors
from apes_platform.fragments import render_fragment
from core.dropins.forms import (
    FollowUpCloseForm,
    FollowUpFilterForm,
    SlotFilterForm,
    SlotForm,
    VisitFilterForm,
    VisitForm,
)
from core.dropins.selectors import (
    access_follow_up_by_id,
    access_slot_by_id,
    follow_up_list,
    slot_list,
    visit_list,
)
from core.dropins.services import follow_up_close, slot_create, slot_delete, visit_log
from core.people.selectors import resident_list

RESIDENT_MATCHES = 10


def _who(visit) -> str:
    return visit.resident.display_name if visit.resident_id else _("anonyme")


def _follow_up_state(visit) -> str:
    follow_up = getattr(visit, "follow_up", None)
    if follow_up is None:
        return ""
    return _("close le %(date)s") % {"date": follow_up.closed_on.strftime("%d/%m/%Y")} if follow_up.closed_on \
        else _("à clore")


VISIT_COLUMNS = [
    (gettext_lazy("Date"), lambda v: v.visited_at),
    (gettext_lazy("Personne"), _who),
    (gettext_lazy("Motif"), lambda v: v.get_topic_display()),
    (gettext_lazy("Note"), lambda v: v.note),
    (gettext_lazy("Suite"), _follow_up_state),
]
FOLLOW_UP_COLUMNS = [
    (gettext_lazy("Ouverte le"), lambda f: f.opened_on),
    (gettext_lazy("Personne"), lambda f: _who(f.visit)),
    (gettext_lazy("Motif"), lambda f: f.visit.get_topic_display()),
    (gettext_lazy("Note"), lambda f: f.visit.note),
    (gettext_lazy("Close le"), lambda f: f.closed_on),
    (gettext_lazy("Suite donnée"), lambda f: f.outcome),
]
SLOT_COLUMNS = [
    (gettext_lazy("Date (ou première date)"), lambda s: s.first_date),
    (gettext_lazy("Début"), lambda s: s.start_time.strftime("%H:%M")),
    (gettext_lazy("Fin"), lambda s: s.end_time.strftime("%H:%M")),
    (gettext_lazy("Répétition"), lambda s: s.get_recurrence_display()),
    (gettext_lazy("Dernière date"), lambda s: s.last_date),
    (gettext_lazy("Lieu"), lambda s: s.place),
    (gettext_lazy("Remarque"), lambda s: s.note),
]


def visit_index(request):
    return render_filtered_list(request, filter_form_class=VisitFilterForm, selector=visit_list,
                                template="dropins/visit_list.html", per_page=25, export_columns=VISIT_COLUMNS,
                                export_filename="permanences-passages")


def _resident_matches(query: str):
    query = query.strip()
    return list(resident_list(search=query)[:RESIDENT_MATCHES]) if query else []


def resident_search(request):
    """HTMX fragment: residents matching `q`, as radio buttons of the visit form."""
    return render_fragment(request, "dropins/resident_choices.html", {
        "matches": _resident_matches(request.GET.get("q", "")), "query": request.GET.get("q", "")},
        title=_("Habitant·es trouvé·es"), wrap="ul")


def visit_new(request):
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visit_log(topic=data["topic"], resident=data["resident"], note=data["note"],
                              follow_up_needed=data["follow_up_needed"], visited_at=data["visited_at"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = _("Passage noté (%(who)s, %(topic)s).") % {"who": _who(visit), "topic": visit.get_topic_display()}
            if data["follow_up_needed"]:
                text += " " + _("Suite à donner ajoutée.")
            messages.success(request, text)
            return redirect("dropins:visit_new")
    selected = form.cleaned_data.get("resident") if form.is_bound and hasattr(form, "cleaned_data") else None
    query = request.GET.get("q", "")
    return render(request, "dropins/visit_form.html", {
        "form": form, "selected": selected, "matches": _resident_matches(query), "query": query,
    })


def _safe_next(request) -> str:
    """Where to go back after closing (e.g. the home page); only a path on this host."""
    return safe_next(request, "")


def follow_up_index(request):
    return render_filtered_list(request, filter_form_class=FollowUpFilterForm, selector=follow_up_list,
                                template="dropins/follow_up_list.html", per_page=25, export_columns=FOLLOW_UP_COLUMNS,
                                export_filename="permanences-suites")


def follow_up_close_view(request, follow_up_id: int):
    follow_up = access_follow_up_by_id(actor=request.user, id=follow_up_id)
    form = FollowUpCloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_close(follow_up=follow_up, outcome=form.cleaned_data["outcome"],
                            closed_on=form.cleaned_data["closed_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Suite close."))
            return redirect(_safe_next(request) or "dropins:follow_ups")
    return render(request, "dropins/follow_up_close.html", {"form": form, "follow_up": follow_up,
                                                            "next": _safe_next(request)})


def slot_index(request):
    return render_filtered_list(request, filter_form_class=SlotFilterForm, selector=slot_list,
                                template="dropins/slot_list.html", per_page=25, export_columns=SLOT_COLUMNS,
                                export_filename="permanences-creneaux")


def slot_new(request):
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        slot_create(**form.cleaned_data)
        messages.success(request, _("Créneau de permanence enregistré."))
        return redirect("dropins:slots")
    return render(request, "dropins/slot_form.html", {"form": form})


def slot_delete_view(request, slot_id: int):
    slot = access_slot_by_id(actor=request.user, id=slot_id)
    slots = reverse("dropins:slots")
    return confirm_then(
        request, do=lambda: slot_delete(slot=slot), done=_("Créneau supprimé."), then=slots, back=slots,
        title=_("Supprimer ce créneau ?"),
        question=f"{slot.get_recurrence_display()} · {date_format(slot.first_date, 'l j F Y')} · "
                 f"{time_format(slot.start_time, 'H:i')}–{time_format(slot.end_time, 'H:i')} · {slot.place}",
        note=_("Les passages déjà notés sont conservés."), confirm=_("Oui, supprimer"))
