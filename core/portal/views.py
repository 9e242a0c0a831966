"""The residents' portal (magic link → a small resident session) and the coordinator's link pages.

A resident session is not a log-in: the session holds the resident's id, the
residence schema and the host it was opened on; it counts only on that host and
only under /portail/. Everywhere else the visitor is anonymous.
"""
from apes_platform.access import public_view
import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apes_platform.lists import render_filtered_list
from core.people.forms import ResidentFilterForm
from core.people.selectors import resident_list
from core.portal.selectors import (
    magic_link_is_live,
    magic_link_list,
    portal_resident,
    resident_attendance_list,
    resident_upcoming_registration_list,
)
from core.portal.services import magic_link_create, magic_link_redeem, short_code_create

PORTAL_RESIDENT_KEY = "_portal_resident"
PORTAL_SCHEMA_KEY = "_portal_schema"
PORTAL_HOST_KEY = "_portal_host"


def _host(request) -> str:
    return request.get_host().split(":")[0]


def current_resident(request):
    """The resident of this session, if it was opened by a magic link on this very host."""
    session = request.session
    resident_id = session.get(PORTAL_RESIDENT_KEY)
    if (resident_id is None or session.get(PORTAL_SCHEMA_KEY) != connection.schema_name
            or session.get(PORTAL_HOST_KEY) != _host(request)):
        return None
    return portal_resident(resident_id=resident_id)


def _access_refused(request):
    return render(request, "portal/refused.html", status=403)


def open_session(request, resident) -> None:
    """The resident session: bound to this schema and host, short-lived; counted as a portal use."""
    from core.messaging.models import PortalEventKind
    from core.messaging.services import portal_event_record

    request.session.flush()  # whoever was logged in on this browser is logged out
    request.session[PORTAL_RESIDENT_KEY] = resident.pk
    request.session[PORTAL_SCHEMA_KEY] = connection.schema_name
    request.session[PORTAL_HOST_KEY] = _host(request)
    request.session.set_expiry(settings.PORTAL_SESSION_MINUTES * 60)
    portal_event_record(resident=resident, kind=PortalEventKind.OPENED)


@public_view
@never_cache
def link_open(request, token):
    """GET asks for a click (link previewers must not spend the link); POST opens the session."""
    if request.method == "POST":
        resident = magic_link_redeem(token=token)
        if resident is None:
            return render(request, "portal/link_invalid.html", status=410)
        open_session(request, resident)
        return redirect("portal:home")
    if not magic_link_is_live(token=token):
        return render(request, "portal/link_invalid.html", status=410)
    return render(request, "portal/link_open.html")


@public_view
@never_cache
def home(request):
    """The resident's own record, their upcoming registrations and the activities they attended; read only."""
    resident = current_resident(request)
    if resident is None:
        return _access_refused(request)
    return render(request, "portal/home.html", {
        "resident": resident,
        "registrations": resident_upcoming_registration_list(resident=resident),
        "attendances": resident_attendance_list(resident=resident),
    })


@public_view
@require_POST
def leave(request):
    request.session.flush()
    return render(request, "portal/left.html")


def _send_link(resident, url: str) -> str:
    """Send the fresh link by the person's own channel; the label of the channel used, or "" if none."""
    from core.messaging.models import Channel
    from core.messaging.services import direct_send
    from core.messaging.sms import SmsError

    text = _("Bonjour %(name)s, voici le lien de votre espace habitant·e. Il sert une fois, pendant %(hours)s h : "
             "%(url)s") % {"name": resident.pseudonym or resident.first_name,
                          "hours": settings.PORTAL_LINK_LIFETIME_HOURS, "url": url}
    try:
        channel = direct_send(resident=resident, subject=_("Votre espace habitant·e"), text=text)
    except (SmsError, OSError):
        channel = None
    return str(Channel(channel).label) if channel else ""


@login_required
def link_index(request):
    """Coordinator: pick a resident to give them a link to their space."""
    return render_filtered_list(request, filter_form_class=ResidentFilterForm, selector=resident_list,
                                template="portal/link_index.html", per_page=50)


@never_cache
@login_required
def link_new(request, resident_id):
    """Coordinator: issue a single-use link for one resident and show it once (text and QR code)."""
    resident = portal_resident(resident_id=resident_id)
    if resident is None:
        raise Http404(_("Habitant·e introuvable."))
    context = {"resident": resident, "links": magic_link_list(resident=resident),
               "lifetime_hours": settings.PORTAL_LINK_LIFETIME_HOURS}
    if request.method == "POST" and request.POST.get("kind") == "code":
        # A short code to type on the hall poster's page, for people who have no SMS or e-mail.
        link, code = short_code_create(resident=resident, created_by_id=request.user.pk)
        context.update(code=code, link=link, entrance_url=request.build_absolute_uri("/portail/entree/"))
    elif request.method == "POST":
        link, token = magic_link_create(resident=resident, created_by_id=request.user.pk)
        url = request.build_absolute_uri(f"/portail/acces/{token}/")
        if request.POST.get("kind") == "send":
            context["sent_by"] = _send_link(resident, url)
        context.update(url=url, link=link, qr_svg=segno.make(url, error="m").svg_inline(
            scale=4, title=_("QR code du lien")))
    return render(request, "portal/link_new.html", context)
