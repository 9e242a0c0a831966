"""The residents' portal, grown: the agenda, signing up or cancelling, proposing an idea, offering a skill,
one's own data,
reminders, and the hall entrance (a personal link or a short code). Phone-first, large text, plain French:
each action within three taps of the link.

Every view here needs the resident session opened on this very host (`current_resident`); a session of
another residence counts as none.
"""
import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apes_platform.access import public_view
from apes_platform.downloads import download_response
from apes_platform.throttling import ScopedThrottle
from core.activities.models import Activity, ActivityStatus, Registration
from core.activities.services import registration_create, registration_delete
from core.messaging.models import PortalEventKind, ReminderOptIn
from core.messaging.services import idea_propose, portal_event_record, reminder_opt_in_set
from core.portal.services import activity_from_ref, activity_ref, magic_link_redeem, short_code_normalise
from core.portal.views import _access_refused, current_resident, open_session

AGENDA_DAYS = 60


def _agenda(now):
    return (Activity.objects.filter(status=ActivityStatus.SCHEDULED, starts_at__gte=now,
                                    starts_at__lt=now + dt.timedelta(days=AGENDA_DAYS))
            .select_related("space").order_by("starts_at", "id"))


def _access_activity(ref: str) -> Activity:
    try:
        return Activity.objects.select_related("space").get(pk=activity_from_ref(ref))
    except (Activity.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Animation introuvable.")) from exc


@public_view
@never_cache
def agenda(request):
    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    now = timezone.now()
    activities = list(_agenda(now))
    mine = set(Registration.objects.filter(resident=resident, activity__in=[a.pk for a in activities])
               .values_list("activity_id", flat=True))
    return render(request, "portal/agenda.html", {"resident": resident, "mine": mine,
                                                  "activities": [(a, activity_ref(a.pk)) for a in activities]})


@public_view
@never_cache
def activity(request, ref):
    """One activity: sign up or cancel (one button). Capacity is the activities app's rule (row lock)."""
    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    item = _access_activity(ref)
    registered = Registration.objects.filter(activity=item, resident=resident).exists()
    waiting = item.waitlist.filter(resident=resident).exists()
    error = None
    if request.method == "POST":
        wanted = request.POST.get("action")
        if item.starts_at <= timezone.now():
            error = _("Cette animation a déjà commencé.")
        elif wanted == "signup" and not (registered or waiting):
            try:
                # Full: the activities app puts the resident on the waiting list (first freed place is theirs).
                made = registration_create(activity=item, resident=resident, waitlist=True)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                if isinstance(made, Registration):
                    portal_event_record(resident=resident, kind=PortalEventKind.SIGNED_UP, activity=item)
                    text = _("C'est fait : vous êtes inscrit·e.")
                else:
                    text = _("C'est complet : vous êtes sur la liste d'attente. Si une place se libère, "
                             "elle est pour vous.")
                return render(request, "portal/done.html", {"text": text, "activity": item})
        elif wanted == "cancel" and (registered or waiting):
            registration_delete(activity=item, resident_id=resident.pk)
            portal_event_record(resident=resident, kind=PortalEventKind.CANCELLED, activity=item)
            return render(request, "portal/done.html", {"text": _("C'est fait : vous n'êtes plus inscrit·e."),
                                                        "activity": item})
    taken = item.registrations.count()
    full = item.capacity is not None and taken >= item.capacity
    return render(request, "portal/activity.html", {
        "resident": resident, "activity": item, "registered": registered, "waiting": waiting, "full": full,
        "error": error,
        "places_left": None if item.capacity is None else max(item.capacity - taken, 0)})


@public_view
@never_cache
def idea(request):
    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    error = None
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            idea_propose(resident=resident, text=text)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return render(request, "portal/done.html", {"text": _("Merci ! Votre idée est transmise à la coordination.")})
    return render(request, "portal/idea.html", {"resident": resident, "error": error, "text": text})


@public_view
@never_cache
def skill(request):
    """Offer a skill (« je sais faire »): a skill entry of core.voice, which the coordinator matches with
    the residents who wish to learn it."""
    from core.voice.models import SkillCategory, SkillDirection
    from core.voice.services import skill_entry_add

    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    error = None
    values = {"category": "", "tag": "", "availability": ""}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        try:
            if values["category"] not in SkillCategory.values:
                raise ValidationError({"category": _("Choisissez ce que vous savez faire.")})
            skill_entry_add(resident=resident, direction=SkillDirection.OFFER, category=values["category"],
                            tag=values["tag"][:60], availability=values["availability"][:120])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            portal_event_record(resident=resident, kind=PortalEventKind.SKILL)
            return render(request, "portal/done.html", {
                "text": _("Merci ! La coordination vous mettra en lien avec les voisin·es qui veulent apprendre.")})
    return render(request, "portal/skill.html", {"resident": resident, "error": error, "values": values,
                                                 "categories": SkillCategory.choices})


@public_view
@never_cache
def my_data(request):
    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    return render(request, "portal/my_data.html", {"resident": resident})


@public_view
@never_cache
def my_data_export(request, fmt):
    """One's own record (the privacy app's subject access, without the sensitive record), JSON or PDF."""
    from core.privacy.subject_access import subject_access_data, subject_access_pdf

    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    data = subject_access_data(resident=resident, include_sensitive=False)
    data["audit_entries"] = []  # who in the staff did what stays with the coordination's export
    stamp = timezone.localdate().isoformat()
    if fmt == "pdf":
        return download_response(subject_access_pdf(resident=resident, data=data),
                                 filename=f"mes-donnees-{stamp}.pdf", content_type="application/pdf")
    return download_response(json.dumps(data, ensure_ascii=False, indent=2), filename=f"mes-donnees-{stamp}.json",
                             content_type="application/json; charset=utf-8")


@public_view
@never_cache
def reminders(request):
    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    if request.method == "POST":
        reminder_opt_in_set(resident=resident, wanted=request.POST.get("wanted") == "1")
        return redirect("portal:home")
    return render(request, "portal/reminders.html", {
        "resident": resident, "wanted": ReminderOptIn.objects.filter(resident=resident).exists()})


@public_view
@never_cache
def entrance(request):
    """Reached from the hall poster's QR code: open one's space with a short code from the coordination
    (or with the personal link). Codes are throttled like log-ins."""
    if current_resident(request) is not None:
        return redirect("portal:home")
    error = None
    if request.method == "POST":
        throttle = ScopedThrottle("login")
        if not throttle.allow_request(request, None):
            error = _("Trop d'essais : réessayez dans quelques minutes.")
        else:
            code = short_code_normalise(request.POST.get("code", ""))
            resident = magic_link_redeem(token=code) if code else None
            if resident is not None:
                open_session(request, resident)
                return redirect("portal:home")
            error = _("Ce code n'est pas valable. Vérifiez-le ou demandez-en un à la coordination.")
    return render(request, "portal/entrance.html", {"error": error, "schema": connection.schema_name})
