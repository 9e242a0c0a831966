"""Writes of the messaging app: messages and templates, delivery rows, sending, provider callbacks,
opt-outs, the call list, reminders, and what residents do in the portal."""
from __future__ import annotations

import base64
import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36
from django.utils.translation import gettext as _

from core.messaging import selectors
from core.messaging.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Idea,
    Message,
    MessageStatus,
    MessageTemplate,
    OptOut,
    OptOutSource,
    PortalEvent,
    PortalEventKind,
    ReminderOptIn,
    TargetKind,
)
from core.messaging.texts import check_variables, context_for, render, sms_segments

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
CHUNK_SIZE = 100
UNSUBSCRIBE_SALT = "messaging.unsubscribe"
SMS_OPT_OUT_SALT = "messaging.sms_opt_out"
# The counter and the compose screen count the opt-out link of an id this wide (4 base-36 digits).
SAMPLE_RESIDENT_ID = 36 ** 4 - 1
# No SMS in the evening or at night: those are held until the morning (Europe/Paris).
SMS_QUIET_FROM = dt.time(20, 0)
SMS_QUIET_UNTIL = dt.time(9, 0)


# --- Templates and messages ----------------------------------------------------------------------

def _check_texts(*, subject: str, body: str, sms_body: str) -> dict[str, str]:
    subject, body, sms_body = subject.strip(), body.strip(), sms_body.strip()
    errors: dict[str, list[str]] = {}
    if not subject:
        errors["subject"] = [_("Indiquez l'objet du message.")]
    if not body:
        errors["body"] = [_("Écrivez le texte du message.")]
    for field, text in (("subject", subject), ("body", body), ("sms_body", sms_body)):
        try:
            check_variables(field, text)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.message_dict[field])
    if errors:
        raise ValidationError(errors)
    return {"subject": subject, "body": body, "sms_body": sms_body}


@transaction.atomic
def template_save(*, template: MessageTemplate | None = None, name: str, subject: str, body: str,
                  sms_body: str = "") -> MessageTemplate:
    texts = _check_texts(subject=subject, body=body, sms_body=sms_body)
    if not name.strip():
        raise ValidationError({"name": _("Donnez un nom au modèle.")})
    template = template or MessageTemplate()
    template.name = name.strip()
    for key, value in texts.items():
        setattr(template, key, value)
    template.full_clean()
    template.save()
    return template


def _check_target(*, target_kind: str, activity, target_age_band: str, target_interest: str,
                  target_not_seen_weeks, chosen_residents, target_body=None, target_need=None) -> None:
    errors = {}
    if target_kind == TargetKind.BODY and target_body is None:
        errors["target_body"] = _("Choisissez l'instance dont les membres recevront le message.")
    if target_kind == TargetKind.CATALOGUE_NEED and target_need is None:
        errors["target_need"] = _("Choisissez le besoin.")
    if target_kind == TargetKind.REGISTERED and activity is None:
        errors["activity"] = _("Choisissez l'animation dont les inscrit·es recevront le message.")
    if target_kind == TargetKind.AGE_BAND and not target_age_band:
        errors["target_age_band"] = _("Choisissez la tranche d'âge.")
    if target_kind == TargetKind.INTEREST and not target_interest:
        errors["target_interest"] = _("Choisissez le centre d'intérêt.")
    if target_kind == TargetKind.NOT_SEEN and not target_not_seen_weeks:
        errors["target_not_seen_weeks"] = _("Indiquez depuis combien de semaines.")
    if target_kind == TargetKind.CHOSEN and not chosen_residents:
        errors["chosen_residents"] = _("Choisissez au moins une personne.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def message_save(*, message: Message | None = None, subject: str, body: str, sms_body: str = "",
                 target_kind: str = TargetKind.ALL, activity=None, template=None, target_age_band: str = "",
                 target_interest: str = "", target_not_seen_weeks: int | None = None, chosen_residents=(),
                 target_body=None, target_need=None, created_by: str = "") -> Message:
    """Create or change a draft. Once sending has started, a message can no longer change."""
    if message is not None and message.status != MessageStatus.DRAFT:
        raise ValidationError({"status": _("Ce message est déjà envoyé : il ne peut plus être modifié.")})
    texts = _check_texts(subject=subject, body=body, sms_body=sms_body)
    chosen_residents = list(chosen_residents or [])
    _check_target(target_kind=target_kind, activity=activity, target_age_band=target_age_band,
                  target_interest=target_interest, target_not_seen_weeks=target_not_seen_weeks,
                  chosen_residents=chosen_residents, target_body=target_body, target_need=target_need)
    if message is None:
        message = Message(created_by=created_by)
    for key, value in texts.items():
        setattr(message, key, value)
    message.target_kind, message.activity, message.template = target_kind, activity, template
    message.target_age_band = target_age_band if target_kind == TargetKind.AGE_BAND else ""
    message.target_interest = target_interest if target_kind == TargetKind.INTEREST else ""
    message.target_not_seen_weeks = target_not_seen_weeks if target_kind == TargetKind.NOT_SEEN else None
    message.target_body = target_body if target_kind == TargetKind.BODY else None
    message.target_need = target_need if target_kind == TargetKind.CATALOGUE_NEED else None
    message.full_clean(exclude=["chosen_residents"])
    message.save()
    message.chosen_residents.set(chosen_residents if target_kind == TargetKind.CHOSEN else [])
    return message


@transaction.atomic
def message_send_request(*, message: Message) -> Message:
    """Start sending (in Celery). Asking twice is refused; the task itself is safe to run twice."""
    from core.messaging.tasks import send_message

    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.DRAFT:
        raise ValidationError({"status": _("Ce message est déjà parti.")})
    message.status = MessageStatus.SENDING
    message.send_requested_at = timezone.now()
    message.save(update_fields=["status", "send_requested_at"])
    send_message.delay(message.pk)
    return message


# --- Delivery rows and sending ---------------------------------------------------------------------

def next_sms_time(now: dt.datetime) -> dt.datetime | None:
    """None if an SMS may go now; else the next 09:00 in Paris."""
    if not settings.MESSAGING_SMS_QUIET_HOURS:
        return None
    local = timezone.localtime(now)
    if SMS_QUIET_UNTIL <= local.time() < SMS_QUIET_FROM:
        return None
    day = local.date() if local.time() < SMS_QUIET_UNTIL else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, SMS_QUIET_UNTIL, tzinfo=local.tzinfo)


def deliveries_create(*, message: Message, now: dt.datetime | None = None) -> int:
    """One row per recipient, decided by the unique (message, resident) constraint: rows that exist are
    left as they are, so running this twice adds nobody twice. Returns how many rows were added."""
    now = now or timezone.now()
    sms_at = next_sms_time(now)
    rows = [Delivery(message=message, resident=resident, channel=channel, updated_at=now,
                     not_before=sms_at if channel == Channel.SMS else None)
            for resident, channel in selectors.recipients_with_channels(message)]
    before = Delivery.objects.filter(message=message).count()
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Delivery.objects.filter(message=message).count() - before


def _sendable_channels(now: dt.datetime) -> list[str]:
    return [Channel.EMAIL, Channel.SMS] if next_sms_time(now) is None else [Channel.EMAIL]


def due_delivery_ids(*, message: Message | None = None, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    qs = Delivery.objects.filter(status=DeliveryStatus.QUEUED, channel__in=_sendable_channels(now)).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now))
    if message is not None:
        qs = qs.filter(message=message)
    return list(qs.order_by("id").values_list("id", flat=True))


def chunks(ids: list[int], size: int = CHUNK_SIZE) -> list[list[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _claim(ids: list[int], now: dt.datetime) -> list[int]:
    """Take the rows still queued, in one statement: a row is claimed by one task only."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Delivery._meta.db_table} SET status = %s, attempts = attempts + 1, updated_at = %s "
            "WHERE id = ANY(%s) AND status = %s AND (not_before IS NULL OR not_before <= %s) "
            "AND channel = ANY(%s) RETURNING id",
            [DeliveryStatus.SENDING, now, list(ids), DeliveryStatus.QUEUED, now, _sendable_channels(now)],
        )
        return [row[0] for row in cursor.fetchall()]


def residence_base_url() -> str:
    """https://<slug>.<BASE_DOMAIN> of the residence the connection is on (links in messages)."""
    from tenants.models import Residence
    from tenants.services import residence_domain

    residence = Residence.objects.get(schema_name=connection.schema_name)
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{residence_domain(residence.slug)}{port}"


def unsubscribe_token(*, resident_id: int, channel: str) -> str:
    return signing.dumps([connection.schema_name, resident_id, channel], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str] | None:
    """(resident id, channel) if the token was made for this residence, else None."""
    try:
        schema, resident_id, channel = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if schema != connection.schema_name or channel not in Channel.values:
        return None
    return int(resident_id), channel


def sms_opt_out_code(resident_id: int) -> str:
    """The short code of a resident's SMS opt-out link: their id in base 36, then 10 characters of an HMAC
    bound to this residence's schema (a code of A names nobody on B). Short: every character of an SMS counts."""
    mac = salted_hmac(SMS_OPT_OUT_SALT, f"{connection.schema_name}:{resident_id}").digest()
    return f"{int_to_base36(resident_id)}-{base64.b32encode(mac).decode()[:10].lower()}"


def sms_opt_out_code_read(code: str) -> int | None:
    """The resident id a code was made for in this residence, else None."""
    head, _sep, _mac = (code or "").partition("-")
    try:
        resident_id = base36_to_int(head)
    except ValueError:
        return None
    return resident_id if constant_time_compare(sms_opt_out_code(resident_id), code) else None


def sms_opt_out_url(base_url: str, resident_id: int) -> str:
    return f"{base_url}/messages/stop/{sms_opt_out_code(resident_id)}/"


def sms_text(text: str, *, base_url: str, resident_id: int | None) -> str:
    """What an SMS says: the text, then the resident's short opt-out link (every SMS carries it). Without a
    resident (the counter while typing), the link of a 4-digit id: the same length as a real one."""
    url = sms_opt_out_url(base_url, resident_id or SAMPLE_RESIDENT_ID)
    return f"{text}\n" + _("Stop SMS : %(url)s") % {"url": url}


def portal_agenda_url(base_url: str, activity=None) -> str:
    from core.portal.services import activity_ref

    return f"{base_url}/portail/agenda/" + (f"{activity_ref(activity.pk)}/" if activity is not None else "")


def rendered(message: Message, *, resident, channel: str, base_url: str) -> dict[str, str]:
    """What one resident receives: the subject and text with their variables filled in."""
    values = context_for(resident=resident, activity=message.activity,
                         portal_url=f"{base_url}/portail/entree/")
    text = message.sms_body if channel == Channel.SMS and message.sms_body else message.body
    text = render(text, values)
    if channel == Channel.SMS:
        text = sms_text(text, base_url=base_url, resident_id=resident.pk)
    return {"subject": render(message.subject, values), "text": text}


def _email(message: Message, delivery: Delivery, base_url: str, connection_):
    """The e-mail of one delivery row. Its Message-ID (kept as the row's provider id) and the
    `X-Mailin-custom` header (schema:row, which Brevo quotes back in its webhooks) name the row."""
    from django.core.mail import EmailMessage

    content = rendered(message, resident=delivery.resident, channel=Channel.EMAIL, base_url=base_url)
    url = f"{base_url}/messages/desabonnement/{unsubscribe_token(resident_id=delivery.resident_id, channel=Channel.EMAIL)}/"
    footer = _("Pour ne plus recevoir ces messages par e-mail : %(url)s") % {"url": url}
    message_id = f"{delivery.pk}.{uuid.uuid4().hex[:20]}@{settings.BASE_DOMAIN}"[:78]
    delivery.provider_id = message_id
    return EmailMessage(
        subject=content["subject"], body=f"{content['text']}\n\n--\n{footer}\n",
        from_email=settings.MESSAGING_FROM_EMAIL, to=[delivery.resident.email], connection=connection_,
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Message-ID": f"<{message_id}>", "X-Mailin-custom": f"{connection.schema_name}:{delivery.pk}"},
    )


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(settings.MESSAGING_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), 3600))


def deliveries_send(*, ids: list[int], now: dt.datetime | None = None) -> dict:
    """Send the given rows that are still queued and due. Each row is claimed in the database first, so
    two tasks sending the same ids send each message once. A temporary failure puts the row back in the
    queue with a growing delay (retries with backoff, MAX_ATTEMPTS at most); a refusal marks it failed."""
    import smtplib

    from django.core.mail import get_connection

    from core.messaging.sms import SmsPermanentError, SmsTemporaryError, msisdn, sms_backend

    now = now or timezone.now()
    claimed = _claim(ids, now)
    result = {"sent": 0, "failed": 0, "retry": [], "retry_in": 0}
    if not claimed:
        return result
    rows = list(Delivery.objects.filter(pk__in=claimed).select_related(
        "resident", "message", "message__activity", "message__activity__space").order_by("id"))
    base_url = residence_base_url()
    mail_connection = None
    if any(r.channel == Channel.EMAIL for r in rows):
        mail_connection = get_connection()
        mail_connection.open()
    try:
        for row in rows:
            row.updated_at = timezone.now()
            try:
                if row.channel == Channel.EMAIL:
                    _email(row.message, row, base_url, mail_connection).send()
                else:
                    text = rendered(row.message, resident=row.resident, channel=Channel.SMS, base_url=base_url)["text"]
                    number = msisdn(row.resident.phone)
                    if not number:
                        raise SmsPermanentError("no usable number")
                    row.provider_id = sms_backend().send(to=number, text=text, unicode=sms_segments(text).is_unicode,
                                                         tag=f"message-{row.message_id}")
            except smtplib.SMTPRecipientsRefused as exc:
                # The server refused the address (550…): bounced, not worth retrying. The address itself
                # is not copied into the error.
                codes = sorted({code for code, _msg in exc.recipients.values()})
                row.status, row.error, row.provider_id = DeliveryStatus.BOUNCED, f"SMTP {codes}", ""
                result["failed"] += 1
            except (SmsPermanentError, ValueError) as exc:
                row.status, row.error = DeliveryStatus.FAILED, str(exc)[:300]
                result["failed"] += 1
            except (SmsTemporaryError, OSError) as exc:
                # OSError covers SMTP and socket errors: the server may be back in a minute.
                row.error = (f"{exc.__class__.__name__}: {exc}" if isinstance(exc, SmsTemporaryError)
                             else exc.__class__.__name__)[:300]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = DeliveryStatus.FAILED
                    result["failed"] += 1
                else:
                    row.status = DeliveryStatus.QUEUED
                    delay = _backoff(row.attempts)
                    row.not_before = now + delay
                    if row.channel == Channel.SMS:  # a retry never lands in the quiet hours
                        row.not_before = next_sms_time(row.not_before) or row.not_before
                    result["retry"].append(row.pk)
                    result["retry_in"] = max(result["retry_in"], int(delay.total_seconds()))
                if row.channel == Channel.EMAIL and mail_connection is not None:
                    mail_connection.close()
                    mail_connection = get_connection()
                    mail_connection.open()
            else:
                row.status, row.error, row.sent_at = DeliveryStatus.SENT, "", timezone.now()
                result["sent"] += 1
    finally:
        if mail_connection is not None:
            mail_connection.close()
        Delivery.objects.bulk_update(rows, ["status", "error", "sent_at", "provider_id", "not_before",
                                            "updated_at"])
    for row in rows:
        if row.status == DeliveryStatus.BOUNCED:
            bounce_stop(resident=row.resident, channel=row.channel)
    message_ids = {r.message_id for r in rows}
    for message_id in message_ids:
        message_complete_if_done(message_id=message_id)
    return result


def message_complete_if_done(*, message_id: int) -> bool:
    """Mark the message sent once no e-mail or SMS of it is waiting (the call list does not hold it)."""
    waiting = Delivery.objects.filter(message_id=message_id, channel__in=[Channel.EMAIL, Channel.SMS],
                                      status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING]).exists()
    if waiting:
        return False
    return bool(Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(status=MessageStatus.SENT))


def direct_send(*, resident, subject: str, text: str) -> str | None:
    """Send one text to one resident now, by their channel, keeping nothing of it (used for their personal
    portal link, which must not be stored). Consent and opt-out apply as for any message. Returns the
    channel used, or None when they have no usable e-mail or SMS (or it is the SMS quiet hours)."""
    from django.core.mail import EmailMessage

    from core.messaging.sms import msisdn, sms_backend
    from core.privacy.models import Consent

    consents = set(Consent.objects.filter(resident=resident, withdrawn_on__isnull=True).values_list("scope", flat=True))
    refused, unusable = selectors.opt_outs_of([resident.pk]).get(resident.pk, (set(), set()))
    channel = selectors.channel_for(resident, consents=consents, opted_out=refused, unusable=unusable)
    if channel == Channel.EMAIL:
        EmailMessage(subject=subject, body=text, from_email=settings.MESSAGING_FROM_EMAIL, to=[resident.email]).send()
        return channel
    if channel == Channel.SMS and next_sms_time(timezone.now()) is None and msisdn(resident.phone):
        text = sms_text(text, base_url=residence_base_url(), resident_id=resident.pk)
        sms_backend().send(to=msisdn(resident.phone), text=text, unicode=sms_segments(text).is_unicode, tag="portal-link")
        return channel
    return None


# --- Provider callbacks, opt-outs, the call list -------------------------------------------------

BREVO_STATUS = {"sent": DeliveryStatus.SENT, "accepted": DeliveryStatus.SENT, "delivered": DeliveryStatus.DELIVERED,
                "soft_bounce": DeliveryStatus.FAILED, "softbounce": DeliveryStatus.FAILED,
                "hard_bounce": DeliveryStatus.BOUNCED, "hardbounce": DeliveryStatus.BOUNCED,
                "rejected": DeliveryStatus.FAILED}
# A receipt never moves a row backwards (a late "sent" after "delivered").
# A bounce outranks a temporary failure (a soft bounce, then the hard one).
_RANK = {DeliveryStatus.QUEUED: 0, DeliveryStatus.SENDING: 1, DeliveryStatus.SENT: 2, DeliveryStatus.FAILED: 3,
         DeliveryStatus.BOUNCED: 4, DeliveryStatus.DELIVERED: 5}


def _status_move(row: Delivery, status: str | None, error: str = "") -> bool:
    """Move one row forward to `status` (never backwards); True if it changed."""
    if status is None or _RANK[status] <= _RANK.get(row.status, 0):
        return False
    row.status, row.updated_at = status, timezone.now()
    if error:
        row.error = error[:300]
    row.save(update_fields=["status", "updated_at", "error"])
    return True


@transaction.atomic
def sms_receipt_apply(*, provider_id: str, provider_status: str) -> int:
    """A delivery receipt from the provider: the row with that provider id gets the new status."""
    status = BREVO_STATUS.get((provider_status or "").strip().lower())
    if status is None or not provider_id:
        return 0
    changed = 0
    for row in Delivery.objects.select_for_update().select_related("resident").filter(
            channel=Channel.SMS, provider_id=str(provider_id)):
        changed += _status_move(row, status)
        if row.status == DeliveryStatus.BOUNCED:
            bounce_stop(resident=row.resident, channel=Channel.SMS)
    return changed


# Brevo's transactional e-mail events (docs/messaging.md): the row's new status, and whether the event
# stops e-mail to that person. Opens, clicks and deferrals change nothing.
EMAIL_EVENTS: dict[str, tuple[str | None, str | None]] = {
    "request": (DeliveryStatus.SENT, None),
    "sent": (DeliveryStatus.SENT, None),
    "delivered": (DeliveryStatus.DELIVERED, None),
    "soft_bounce": (DeliveryStatus.FAILED, None),
    "blocked": (DeliveryStatus.FAILED, None),
    "error": (DeliveryStatus.FAILED, None),
    "hard_bounce": (DeliveryStatus.BOUNCED, OptOutSource.BOUNCE),
    "invalid_email": (DeliveryStatus.BOUNCED, OptOutSource.BOUNCE),
    "spam": (DeliveryStatus.DELIVERED, OptOutSource.SPAM),  # a complaint: it arrived, and is not wanted
    "unsubscribed": (None, OptOutSource.UNSUBSCRIBE_LINK),
}


def _email_rows(*, custom: str, message_id: str):
    """The e-mail rows an event names: by our `X-Mailin-custom` (schema:row id), else by Message-ID."""
    schema, _sep, row_id = (custom or "").strip().partition(":")
    qs = Delivery.objects.select_for_update().select_related("resident").filter(channel=Channel.EMAIL)
    if schema == connection.schema_name and row_id.isdigit():
        return qs.filter(pk=int(row_id))
    message_id = (message_id or "").strip().strip("<>")
    return qs.filter(provider_id=message_id) if message_id else qs.none()


@transaction.atomic
def email_event_apply(*, event: str, custom: str = "", message_id: str = "") -> dict[str, int]:
    """One e-mail event from the provider: the row moves forward (never back), and a hard bounce, an invalid
    address, a spam complaint or an unsubscription stops e-mail to that person. Replaying it changes nothing."""
    status, source = EMAIL_EVENTS.get((event or "").strip().lower(), (None, None))
    result = {"updated": 0, "opted_out": 0}
    for row in _email_rows(custom=custom, message_id=message_id):
        result["updated"] += _status_move(row, status, error=f"Brevo {event}" if status in (
            DeliveryStatus.FAILED, DeliveryStatus.BOUNCED) else "")
        if source is not None:
            result["opted_out"] += opt_out(resident=row.resident, channel=Channel.EMAIL, source=source).created
    return result


STOP_WORDS = {"stop", "stop sms", "arret", "arrêt", "stp", "desabonner", "désabonner", "unsubscribe"}


def is_stop(text: str) -> bool:
    return " ".join((text or "").strip().lower().split()) in STOP_WORDS


@transaction.atomic
def opt_out(*, resident, channel: str, source: str) -> OptOut:
    """The one opt-out rule. Idempotent: opting out twice keeps the first date (`created` says whether this
    call made it). The person's own wish replaces a bounce (a bounce sends them to the call list, a wish
    removes them). Queued messages by that channel are dropped."""
    optout, created = OptOut.objects.get_or_create(resident=resident, channel=channel, defaults={"source": source})
    if not created and optout.source == OptOutSource.BOUNCE and source != OptOutSource.BOUNCE:
        optout.source = source
        optout.save(update_fields=["source"])
    Delivery.objects.filter(resident=resident, channel=channel, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.FAILED, error="opted out", updated_at=timezone.now())
    optout.created = created
    return optout


def bounce_stop(*, resident, channel: str) -> OptOut:
    """An address or number that bounced (refused at once by the mail server, or reported by the provider)
    is not used again: that channel stops for the person, who goes to the call list instead."""
    return opt_out(resident=resident, channel=channel, source=OptOutSource.BOUNCE)


# Which opt-out channel a contact field feeds (core.people.registry.CONTACT_FIELDS).
CHANNEL_OF_CONTACT_FIELD = {"email": Channel.EMAIL, "phone": Channel.SMS}
# Why an opt-out was lifted, kept in the audit entry of its deletion (`OptOut.get_additional_data`).
LIFT_CONTACT_CORRECTED = "contact_corrected"
LIFT_BY_COORDINATOR = "coordinator"
LIFT_RESIDENT_ASKED = "resident_asked"


def opt_out_contact_corrected(*, resident, changed: set[str]) -> int:
    """Contact hook of core.people: a corrected address or number lifts the bounce of its channel (the new one
    is tried again). Only a bounce: an opt-out the person asked for survives any change of their record.
    Returns how many opt-outs were lifted."""
    channels = [CHANNEL_OF_CONTACT_FIELD[field] for field in changed
                if field in CHANNEL_OF_CONTACT_FIELD and getattr(resident, field)]
    lifted = 0
    for optout in OptOut.objects.filter(resident=resident, channel__in=channels, source=OptOutSource.BOUNCE):
        optout.lift_reason = LIFT_CONTACT_CORRECTED
        optout.delete()
        lifted += 1
    return lifted


@transaction.atomic
def opt_out_lift(*, opt_out: OptOut, resident_asked: bool = False) -> None:
    """The coordinator lifts an opt-out: messages go by that channel again. A bounce may be lifted at will
    (the address was checked); an opt-out the person asked for only when they asked to receive messages again
    (`resident_asked`, kept in the audit trail with who lifted it and when)."""
    if opt_out.is_resident_wish and not resident_asked:
        raise ValidationError({"resident_asked": _(
            "Cette personne a demandé à ne plus recevoir de messages par ce canal : cochez la case seulement si "
            "elle vous a demandé de les recevoir à nouveau.")})
    opt_out.lift_reason = LIFT_RESIDENT_ASKED if opt_out.is_resident_wish else LIFT_BY_COORDINATOR
    opt_out.delete()


def sms_stop_apply(*, from_number: str, text: str) -> int:
    """An inbound SMS: STOP (or ARRET…) from a resident's number opts them out of SMS. Returns how many."""
    from core.messaging.sms import msisdn
    from core.people.models import Resident

    number = msisdn(from_number or "")
    if not number or not is_stop(text):
        return 0
    matched = [r for r in Resident.objects.exclude(phone="").only("id", "phone") if msisdn(r.phone) == number]
    for resident in matched:
        opt_out(resident=resident, channel=Channel.SMS, source=OptOutSource.SMS_STOP)
    return len(matched)


@transaction.atomic
def call_tick(*, delivery: Delivery, reached: bool, by: str = "") -> Delivery:
    """The coordinator called or met the person (or untick)."""
    if delivery.channel != Channel.CALL:
        raise ValidationError({"delivery": _("Seules les personnes de la liste d'appels se cochent.")})
    now = timezone.now()
    delivery.called_at = now if reached else None
    delivery.called_by = by if reached else ""
    delivery.status = DeliveryStatus.DELIVERED if reached else DeliveryStatus.QUEUED
    delivery.updated_at = now
    delivery.save(update_fields=["called_at", "called_by", "status", "updated_at"])
    return delivery


# --- Reminders ---------------------------------------------------------------------------------------

REMINDER_SUBJECT = "Rappel : {animation} demain"
REMINDER_BODY = ("Bonjour {prenom}, petit rappel : {animation} a lieu demain, {date} à {heure}, {lieu}. "
                 "Vous êtes inscrit·e. À demain !")
REMINDER_SMS = "Bonjour {prenom}, rappel : {animation} demain {heure}, {lieu}. A demain !"


def reminder_opt_in_set(*, resident, wanted: bool) -> bool:
    if wanted:
        ReminderOptIn.objects.get_or_create(resident=resident)
    else:
        ReminderOptIn.objects.filter(resident=resident).delete()
    return wanted


def reminders_create(*, today: dt.date | None = None) -> list[Message]:
    """The day before each live activity, one reminder message (unique per activity) for its registered
    residents who asked for reminders; its rows are created once each. Safe to run any number of times."""
    from core.activities.models import Activity, ActivityStatus
    from core.agenda.selectors import day_start

    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    activities = Activity.objects.filter(status=ActivityStatus.SCHEDULED, starts_at__gte=day_start(tomorrow),
                                         starts_at__lt=day_start(tomorrow + dt.timedelta(days=1)),
                                         registrations__resident__reminder_opt_in__isnull=False).distinct()
    messages = []
    for activity in activities:
        with transaction.atomic():
            message, _created = Message.objects.get_or_create(
                activity=activity, is_reminder=True,
                defaults={"subject": REMINDER_SUBJECT, "body": REMINDER_BODY, "sms_body": REMINDER_SMS,
                          "target_kind": TargetKind.REGISTERED, "status": MessageStatus.SENDING,
                          "send_requested_at": timezone.now(), "created_by": "rappel automatique"})
            deliveries_create(message=message)
        messages.append(message)
    return messages


# --- The portal: ideas and usage -------------------------------------------------------------------

def portal_event_record(*, resident, kind: str, activity=None) -> PortalEvent:
    return PortalEvent.objects.create(resident=resident, kind=kind, activity=activity)


@transaction.atomic
def idea_propose(*, resident, text: str) -> Idea:
    text = (text or "").strip()
    if len(text) < 3:
        raise ValidationError({"text": _("Écrivez votre idée en quelques mots.")})
    if len(text) > 1000:
        raise ValidationError({"text": _("1 000 caractères au plus.")})
    idea = Idea.objects.create(resident=resident, text=text)
    portal_event_record(resident=resident, kind=PortalEventKind.IDEA)
    return idea


@transaction.atomic
def resident_messaging_erase(*, resident) -> int:
    """Erasure hook: an erased resident keeps no opt-in, and their ideas lose the link to them. The
    delivery rows stay (counts of messages sent) but hold no address, number or text of their own."""
    ReminderOptIn.objects.filter(resident=resident).delete()
    return Idea.objects.filter(resident=resident).update(resident=None)
