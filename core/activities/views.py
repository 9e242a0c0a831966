from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apes_platform.lists import render_filtered_list
from core.activities.forms import ActivityFilterForm, ActivityForm
from core.activities.selectors import access_activity_by_id, activity_list, attendee_ids
from core.activities.services import activity_create, attendance_set
from core.people.selectors import resident_list


def activity_index(request):
    return render_filtered_list(request, filter_form_class=ActivityFilterForm, selector=activity_list,
                                template="activities/activity_list.html", per_page=25)


def activity_new(request):
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = activity_create(**form.cleaned_data)
        messages.success(request, _("Animation « %(title)s » créée.") % {"title": activity.title})
        return redirect("activities:attendance", activity_id=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form})


def activity_attendance(request, activity_id: int):
    activity = access_activity_by_id(activity_id)
    residents = list(resident_list(search=request.GET.get("q", "")))
    error = None
    if request.method == "POST":
        try:
            ids = attendance_set(activity=activity, resident_ids=request.POST.getlist("residents"))
        except (ValidationError, ValueError) as exc:
            error = " ".join(getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("%(n)d présence(s) enregistrée(s).") % {"n": len(ids)})
            return redirect("activities:attendance", activity_id=activity.pk)
    present = attendee_ids(activity=activity)
    return render(request, "activities/attendance.html", {
        "activity": activity,
        "residents": residents,
        "present": present,
        # Ticked people hidden by the search stay ticked.
        "present_not_shown": sorted(present - {r.pk for r in residents}),
        "error": error,
    })
