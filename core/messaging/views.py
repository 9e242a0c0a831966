"""The coordinator's message screens, and the anonymous endpoints: one-click unsubscribe (signed token),
the SMS opt-out link (short code), and the provider's SMS and e-mail webhooks (bearer token, no CSRF)."""
import json

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from apes_platform.access import public_view
from apes_platform.downloads import download_response
from apes_platform.forms import add_service_errors, user_label
from apes_platform.fragments import render_fragment
from apes_platform.lists import render_filtered_list
from core.messaging import selectors, services
from core.messaging.forms import (
    DeliveryFilterForm,
    IdeaFilterForm,
    MessageFilterForm,
    MessageForm,
    OptOutLiftForm,
    PosterForm,
    TemplateFilterForm,
    TemplateForm,
)
from core.messaging.models import Channel, MessageStatus, OptOutSource
from core.messaging.poster import poster_pdf
from core.messaging.sms import webhook_token_valid
from core.messaging.texts import context_for, render as render_text, sms_segments
from core.people.selectors import access_resident_by_id

MESSAGE_COLUMNS = [
    (gettext_lazy("Objet"), lambda m: m.subject),
    (gettext_lazy("Statut"), lambda m: m.get_status_display()),
    (gettext_lazy("Destinataires"), lambda m: m.get_target_kind_display()),
    (gettext_lazy("Créé le"), lambda m: m.created_at),
    (gettext_lazy("Personnes"), lambda m: m.recipient_count),
    (gettext_lazy("E-mails"), lambda m: m.email_count),
    (gettext_lazy("SMS"), lambda m: m.sms_count),
    (gettext_lazy("Appels"), lambda m: m.call_count),
    (gettext_lazy("Envoyés ou reçus"), lambda m: m.reached_count),
    (gettext_lazy("Échecs"), lambda m: m.failed_count),
]
DELIVERY_COLUMNS = [
    (gettext_lazy("Habitant·e"), lambda d: d.resident.display_name),
    (gettext_lazy("Canal"), lambda d: d.get_channel_display()),
    (gettext_lazy("Statut"), lambda d: d.get_status_display()),
    (gettext_lazy("Tentatives"), lambda d: d.attempts),
    (gettext_lazy("Envoyé le"), lambda d: d.sent_at),
    (gettext_lazy("Joint·e le"), lambda d: d.called_at),
]


def message_index(request):
    return render_filtered_list(request, filter_form_class=MessageFilterForm, selector=selectors.message_list,
                                template="messaging/message_list.html", per_page=25, export_columns=MESSAGE_COLUMNS,
                                export_filename="messages")


def _message_form(request, message=None):
    initial = {}
    if message is not None:
        initial = {"template": message.template_id, "subject": message.subject, "body": message.body,
                   "sms_body": message.sms_body, "activity": message.activity_id, "target_kind": message.target_kind,
                   "target_age_band": message.target_age_band, "target_interest": message.target_interest,
                   "target_not_seen_weeks": message.target_not_seen_weeks,
                   "target_body": message.target_body_id, "target_need": message.target_need_id,
                   "chosen_residents": list(message.chosen_residents.values_list("pk", flat=True))}
    elif request.GET.get("modele"):
        try:
            template = selectors.access_template_by_id(actor=request.user, id=request.GET["modele"])
        except Exception:  # an unknown template just leaves the form empty
            template = None
        if template is not None:
            initial = {"template": template.pk, "subject": template.subject, "body": template.body,
                       "sms_body": template.sms_body}
    if request.GET.get("animation"):
        initial["activity"] = request.GET["animation"]
    form = MessageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_save(message=message, created_by=user_label(request), **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, _("Message « %(subject)s » enregistré : vérifiez l'aperçu puis envoyez-le.")
                          % {"subject": message.subject})
            return redirect("messaging:detail", message_id=message.pk)
    return render(request, "messaging/message_form.html", {"form": form, "message": message})


def message_new(request):
    return _message_form(request)


def message_edit(request, message_id: int):
    message = selectors.access_message_by_id(actor=request.user, id=message_id)
    if message.status != MessageStatus.DRAFT:
        flash.error(request, _("Ce message est déjà parti : il ne peut plus être modifié."))
        return redirect("messaging:detail", message_id=message.pk)
    return _message_form(request, message)


def _previews(message):
    """The message as each channel shows it, for a sample person (the first recipient, or « Camille »)."""
    from core.people.models import Resident

    sample = selectors.target_residents(message).first() or Resident(first_name="Camille")
    base_url = services.residence_base_url()
    email = services.rendered(message, resident=sample, channel=Channel.EMAIL, base_url=base_url)
    sms = services.rendered(message, resident=sample, channel=Channel.SMS, base_url=base_url)["text"]
    return {"sample": sample, "email": email, "sms": sms, "sms_length": sms_segments(sms)}


def message_detail(request, message_id: int):
    message = selectors.access_message_by_id(actor=request.user, id=message_id)
    context = {"message": message, "previews": _previews(message), "poster_form": PosterForm()}
    if message.status == MessageStatus.DRAFT:
        context["audience"] = selectors.audience_preview(message)
    return render_filtered_list(request, filter_form_class=DeliveryFilterForm,
                                selector=lambda **kw: selectors.delivery_list(message=message, **kw),
                                template="messaging/message_detail.html", per_page=50,
                                export_columns=DELIVERY_COLUMNS, export_filename="envois", extra_context=context)


def message_progress(request, message_id: int):
    """The progress block, polled by HTMX while the message is being sent."""
    message = selectors.access_message_by_id(actor=request.user, id=message_id)
    return render_fragment(request, "messaging/_progress.html", {"message": message},
                           title=_("Envoi de « %(title)s »") % {"title": message})


def message_send(request, message_id: int):
    """GET asks for confirmation (with the count by channel); POST starts sending."""
    message = selectors.access_message_by_id(actor=request.user, id=message_id)
    error = None
    if request.method == "POST":
        try:
            services.message_send_request(message=message)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            flash.success(request, _("Envoi lancé : suivez sa progression ci-dessous."))
            return redirect("messaging:detail", message_id=message.pk)
    audience = selectors.audience_preview(message) if message.status == MessageStatus.DRAFT else None
    return render(request, "messaging/message_send.html", {"message": message, "audience": audience, "error": error})


def message_poster(request, message_id: int):
    """The message as a poster or flyer (A4/A5 PDF) with a QR code to the activity (or the portal)."""
    message = selectors.access_message_by_id(actor=request.user, id=message_id)
    form = PosterForm(request.GET or None)
    size = (form.cleaned_data.get("size") or "A4") if form.is_valid() else "A4"
    base_url = services.residence_base_url()
    values = context_for(activity=message.activity, portal_url=f"{base_url}/portail/entree/")
    values["prenom"] = _("voisin·es")
    activity = message.activity
    url = services.portal_agenda_url(base_url, activity) if activity else f"{base_url}/portail/entree/"
    pdf = poster_pdf(title=render_text(message.subject, values), text=render_text(message.body, values), url=url,
                     size=size, residence_name=request.tenant.name,
                     when=f"{values['date']} {values['heure']}".strip() if activity else "",
                     where=values["lieu"] if activity else "")
    return download_response(pdf, filename=f"affiche-{message.pk}-{size}.pdf", content_type="application/pdf",
                             inline=True)


def portal_poster(request):
    """The hall poster: a QR code to the portal's entrance (link or short code). Without `size`, the page
    that explains it and offers A4 or A5."""
    if "size" not in request.GET:
        return render(request, "messaging/portal_poster.html", {"poster_form": PosterForm()})
    base_url = services.residence_base_url()
    size = request.GET.get("size", "A4")
    pdf = poster_pdf(title=_("Votre espace habitant·e"),
                     text=_("Scannez ce code avec votre téléphone. Ouvrez ensuite le lien reçu par SMS ou e-mail, "
                            "ou tapez le code que la coordination vous a donné."),
                     url=f"{base_url}/portail/entree/", size=size, residence_name=request.tenant.name)
    return download_response(pdf, filename=f"affiche-espace-habitant-{size}.pdf", content_type="application/pdf",
                             inline=True)


def call_list(request, message_id: int):
    message = selectors.access_message_by_id(actor=request.user, id=message_id)
    rows = selectors.call_list(message=message)
    return render(request, "messaging/call_list.html", {"message": message, "rows": rows})


def call_tick(request, message_id: int, delivery_id: int):
    message = selectors.access_message_by_id(actor=request.user, id=message_id)
    delivery = selectors.access_delivery_by_id(actor=request.user, id=delivery_id, message=message)
    if request.method != "POST":  # after the lookup: an id of another residence is a 404 whatever the method
        return HttpResponseNotAllowed(["POST"])
    try:
        services.call_tick(delivery=delivery, reached=request.POST.get("reached") == "1", by=user_label(request))
    except ValidationError as exc:
        flash.error(request, " ".join(exc.messages))
    return redirect("messaging:calls", message_id=message.pk)


def sms_counter(request):
    """HTMX: the SMS length of what is being typed (the one counting rule, `sms_segments`)."""
    text = request.POST.get("sms_body", "") if request.method == "POST" else request.GET.get("sms_body", "")
    # Counted with the opt-out link every SMS ends with.
    text = services.sms_text(text, base_url=services.residence_base_url(), resident_id=None)
    return render_fragment(request, "messaging/_sms_count.html", {"length": sms_segments(text)},
                           title=_("Longueur du SMS"))


def template_index(request):
    return render_filtered_list(request, filter_form_class=TemplateFilterForm, selector=selectors.template_list,
                                template="messaging/template_list.html", per_page=25)


def _template_form(request, template=None):
    initial = ({"name": template.name, "subject": template.subject, "body": template.body,
                "sms_body": template.sms_body} if template else {})
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_save(template=template, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, _("Modèle « %(name)s » enregistré.") % {"name": template.name})
            return redirect("messaging:templates")
    return render(request, "messaging/template_form.html", {"form": form, "template": template})


def template_new(request):
    return _template_form(request)


def template_edit(request, template_id: int):
    return _template_form(request, selectors.access_template_by_id(actor=request.user, id=template_id))


def idea_index(request):
    return render_filtered_list(request, filter_form_class=IdeaFilterForm, selector=selectors.idea_list,
                                template="messaging/idea_list.html", per_page=25,
                                export_columns=[(gettext_lazy("Idée"), lambda i: i.text),
                                                (gettext_lazy("Proposée le"), lambda i: i.created_at),
                                                (gettext_lazy("Par"), lambda i: i.resident.display_name
                                                 if i.resident_id else "—")],
                                export_filename="idees")


def resident_opt_outs(request, resident_id: int):
    """A resident's opt-outs: by which channel, why, since when; each can be lifted (opt_out_lift)."""
    resident = access_resident_by_id(actor=request.user, id=resident_id)
    return render(request, "messaging/resident_opt_outs.html",
                  {"resident": resident, "opt_outs": selectors.opt_out_list(resident=resident)})


def opt_out_lift(request, resident_id: int, opt_out_id: int):
    """GET asks for confirmation (and, for an opt-out the person asked for, their request); POST lifts it."""
    resident = access_resident_by_id(actor=request.user, id=resident_id)
    opt_out = selectors.access_opt_out_by_id(actor=request.user, id=opt_out_id, resident=resident)
    form = OptOutLiftForm(request.POST if request.method == "POST" else None, opt_out=opt_out)
    if request.method == "POST" and form.is_valid():
        try:
            services.opt_out_lift(opt_out=opt_out, resident_asked=form.cleaned_data.get("resident_asked", False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, _("%(name)s recevra de nouveau les messages par %(channel)s.")
                          % {"name": resident.display_name, "channel": opt_out.get_channel_display()})
            return redirect("messaging:resident_opt_outs", resident_id=resident.pk)
    return render(request, "messaging/opt_out_lift.html", {"resident": resident, "opt_out": opt_out, "form": form})


# --- Anonymous endpoints -------------------------------------------------------------------------

@public_view
@never_cache
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any cookie; the token decides
def unsubscribe(request, unsubscribe_token: str):
    """GET: a page with one button. POST (that button, or a mail client's one-click): opted out."""
    from core.people.models import Resident

    found = services.unsubscribe_token_read(unsubscribe_token)
    resident = Resident.objects.filter(pk=found[0]).first() if found else None
    if resident is None:
        return render(request, "messaging/unsubscribe_invalid.html", status=404)
    channel = found[1]
    if request.method == "POST":
        services.opt_out(resident=resident, channel=channel, source=OptOutSource.UNSUBSCRIBE_LINK)
        return render(request, "messaging/unsubscribe_done.html", {"channel": Channel(channel).label})
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "messaging/unsubscribe.html", {"channel": Channel(channel).label})


@public_view
@never_cache
def sms_opt_out(request, opt_out_code: str):
    """The short link every SMS ends with. GET: a page with one button (a link opened by a phone's preview
    must not opt anybody out); POST: no more SMS for that person."""
    from core.people.models import Resident

    resident_id = services.sms_opt_out_code_read(opt_out_code)
    resident = Resident.objects.filter(pk=resident_id).first() if resident_id else None
    if resident is None:
        return render(request, "messaging/unsubscribe_invalid.html", status=404)
    context = {"channel": Channel.SMS.label}
    if request.method == "POST":
        services.opt_out(resident=resident, channel=Channel.SMS, source=OptOutSource.UNSUBSCRIBE_LINK)
        return render(request, "messaging/unsubscribe_done.html", context)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "messaging/unsubscribe.html", context)


def _webhook_payloads(request):
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["POST"])
    if not webhook_token_valid(connection.schema_name, request.headers.get("Authorization", "")):
        return None, JsonResponse({"detail": "signature invalide"}, status=403)
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        return None, JsonResponse({"detail": "JSON invalide"}, status=400)
    items = data if isinstance(data, list) else [data]
    if not all(isinstance(item, dict) for item in items):
        return None, JsonResponse({"detail": "JSON invalide"}, status=400)
    return items, None


@public_view
@csrf_exempt
def sms_status_webhook(request):
    """Brevo's transactional SMS events (sent, delivered, soft_bounce, hard_bounce…), one or a batch."""
    items, refusal = _webhook_payloads(request)
    if refusal is not None:
        return refusal
    updated = 0
    for item in items:
        status = str(item.get("msg_status") or item.get("event") or "")
        if status.lower() in {"reply", "replied"}:
            updated += services.sms_stop_apply(from_number=str(item.get("from") or item.get("to") or ""),
                                               text=str(item.get("reply") or item.get("text") or ""))
            continue
        updated += services.sms_receipt_apply(provider_id=str(item.get("messageId") or ""), provider_status=status)
    return JsonResponse({"updated": updated})


@public_view
@csrf_exempt
def sms_inbound_webhook(request):
    """Replies to our SMS: STOP (ARRET…) opts the number's resident out of SMS."""
    items, refusal = _webhook_payloads(request)
    if refusal is not None:
        return refusal
    opted_out = sum(services.sms_stop_apply(from_number=str(item.get("from") or ""),
                                            text=str(item.get("text") or item.get("reply") or ""))
                    for item in items)
    return JsonResponse({"opted_out": opted_out})


@public_view
@csrf_exempt
def email_status_webhook(request):
    """Brevo's transactional e-mail events (delivered, soft_bounce, hard_bounce, blocked, spam, unsubscribed…),
    one or a batch: each names its row by our `X-Mailin-custom` header, else by its Message-ID."""
    items, refusal = _webhook_payloads(request)
    if refusal is not None:
        return refusal
    total = {"updated": 0, "opted_out": 0}
    for item in items:
        result = services.email_event_apply(event=str(item.get("event") or ""),
                                            custom=str(item.get("X-Mailin-custom") or ""),
                                            message_id=str(item.get("message-id") or ""))
        for key in total:
            total[key] += result[key]
    return JsonResponse(total)
