"""Reads of the messaging app. They run on the current residence schema only."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.messaging.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Idea,
    Message,
    MessageTemplate,
    OptOut,
    PortalEvent,
    PortalEventKind,
    TargetKind,
)
from core.people.models import ContactChannel, Resident
from core.people.selectors import current_residents
from core.privacy.models import ConsentScope

REACHED = (DeliveryStatus.SENT, DeliveryStatus.DELIVERED)
CONSENT_FOR = {Channel.EMAIL: ConsentScope.CONTACT_EMAIL, Channel.SMS: ConsentScope.CONTACT_SMS}


def access_message_by_id(*, actor, id) -> Message:  # noqa: A002
    """A message of the current residence, or 404: ids of another schema never resolve."""
    return access_by_id(message_list(), id, actor=actor, message=_("Message introuvable"))


def access_template_by_id(*, actor, id) -> MessageTemplate:  # noqa: A002
    return access_by_id(MessageTemplate.objects.all(), id, actor=actor, message=_("Modèle introuvable"))


def access_delivery_by_id(*, actor, id, message: Message | None = None) -> Delivery:  # noqa: A002
    qs = Delivery.objects.select_related("resident", "message")
    if message is not None:
        qs = qs.filter(message=message)
    return access_by_id(qs, id, actor=actor, message=_("Envoi introuvable"))


def opt_out_list(*, resident: Resident | None = None, channel: str = "", source: str = "") -> QuerySet[OptOut]:
    """Opt-outs (one per resident and channel at most), the latest first; the resident's page passes them."""
    qs = OptOut.objects.select_related("resident")
    if resident is not None:
        qs = qs.filter(resident=resident)
    if channel:
        qs = qs.filter(channel=channel)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-created_at", "-id")


def access_opt_out_by_id(*, actor, id, resident: Resident | None = None) -> OptOut:  # noqa: A002
    """One opt-out of the current residence (of that resident, when given), or 404."""
    return access_by_id(opt_out_list(resident=resident), id, actor=actor, message="Désabonnement introuvable")


def with_delivery_counts(qs: QuerySet[Message]) -> QuerySet[Message]:
    """Each message with its recipients counted by status and channel: one query for the whole list."""
    return qs.annotate(
        recipient_count=Count("deliveries"),
        done_count=Count("deliveries", filter=Q(deliveries__status__in=[
            DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.BOUNCED])
            | Q(deliveries__channel=Channel.CALL)),
        reached_count=Count("deliveries", filter=Q(deliveries__status__in=REACHED)),
        failed_count=Count("deliveries", filter=Q(deliveries__status__in=[DeliveryStatus.FAILED,
                                                                          DeliveryStatus.BOUNCED])),
        email_count=Count("deliveries", filter=Q(deliveries__channel=Channel.EMAIL)),
        sms_count=Count("deliveries", filter=Q(deliveries__channel=Channel.SMS)),
        call_count=Count("deliveries", filter=Q(deliveries__channel=Channel.CALL)),
    )


def message_list(*, search: str = "", status: str = "", activity=None) -> QuerySet[Message]:
    qs = with_delivery_counts(Message.objects.select_related("activity", "activity__space", "template", "target_body",
                                                                  "target_need"))
    if search:
        qs = qs.filter(Q(subject__icontains=search) | Q(body__icontains=search))
    if status:
        qs = qs.filter(status=status)
    if activity is not None:
        qs = qs.filter(activity=activity)
    return qs.order_by("-created_at", "-id")


def template_list(*, search: str = "") -> QuerySet[MessageTemplate]:
    qs = MessageTemplate.objects.all()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(subject__icontains=search) | Q(body__icontains=search))
    return qs.order_by("name", "id")


def delivery_list(*, message: Message, status: str = "", channel: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(message=message).select_related("resident")
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("channel", "resident__first_name", "id")


def call_list(*, message: Message, pending_only: bool = False) -> QuerySet[Delivery]:
    qs = delivery_list(message=message, channel=Channel.CALL)
    return qs.filter(called_at__isnull=True) if pending_only else qs


def target_residents(message: Message) -> QuerySet[Resident]:
    """Who the message is for, before channels: the target, minus anonymised people."""
    from core.people.selectors import resident_list

    kind = message.target_kind
    if kind == TargetKind.NOT_SEEN:
        qs = resident_list(not_seen_weeks=message.target_not_seen_weeks or 8)
    else:
        qs = Resident.objects.all()
    if kind == TargetKind.AGE_BAND:
        qs = qs.filter(age_band=message.target_age_band)
    elif kind == TargetKind.INTEREST:
        qs = qs.filter(interests__contains=[message.target_interest])
    elif kind == TargetKind.REGISTERED:
        qs = qs.filter(registrations__activity_id=message.activity_id)
    elif kind == TargetKind.CHOSEN:
        qs = qs.filter(pk__in=message.chosen_residents.values("pk"))
    elif kind == TargetKind.EXPRESSED_NEED:
        # Drop-in visits noted « besoin exprimé » (core.dropins), reached through the reverse relation.
        visit = Resident._meta.get_field("dropin_visits").related_model
        qs = qs.filter(pk__in=visit.objects.filter(topic="need", resident__isnull=False).values("resident_id"))
    elif kind == TargetKind.BODY:
        from core.voice.selectors import body_member_ids

        qs = qs.filter(pk__in=body_member_ids(body=message.target_body))
    elif kind == TargetKind.CATALOGUE_NEED:
        from core.voice.selectors import need_resident_ids

        qs = qs.filter(pk__in=need_resident_ids(need=message.target_need))
    if message.is_reminder:
        qs = qs.filter(reminder_opt_in__isnull=False)
    return current_residents(qs).order_by("pk")


def opt_outs_of(resident_ids) -> dict[int, tuple[set[str], set[str]]]:
    """For each person, (the channels they refused, the channels whose address or number bounced). One query."""
    from core.messaging.models import OptOutSource

    result: dict[int, tuple[set[str], set[str]]] = {}
    for resident_id, channel, source in OptOut.objects.filter(resident_id__in=list(resident_ids)).values_list(
            "resident_id", "channel", "source"):
        refused, unusable = result.setdefault(resident_id, (set(), set()))
        (unusable if source == OptOutSource.BOUNCE else refused).add(channel)
    return result


def channel_for(resident: Resident, *, consents: set[str], opted_out: set[str],
                unusable: set[str] = frozenset()) -> str | None:
    """The channel that reaches this person, or None when they opted out of theirs.

    E-mail or SMS when that is their preferred channel, its address or number is kept (and has not
    bounced) and they consented to it; otherwise the call list (phone or door-to-door). Opted out of
    their channel: nothing at all.
    """
    preferred = resident.contact_channel
    if preferred == ContactChannel.EMAIL:
        channel = Channel.EMAIL
    elif preferred == ContactChannel.SMS:
        channel = Channel.SMS
    else:
        channel = Channel.CALL
    if channel in opted_out or Channel.CALL in opted_out:
        return None
    usable = {Channel.EMAIL: bool(resident.email) and Channel.EMAIL not in unusable,
              Channel.SMS: bool(resident.phone) and Channel.SMS not in unusable}
    if channel != Channel.CALL and usable[channel] and CONSENT_FOR[channel] in consents:
        return channel
    return Channel.CALL


def recipients_with_channels(message: Message) -> list[tuple[Resident, str]]:
    """(resident, channel) for everyone the message will reach. Three queries, whatever the count."""
    from core.privacy.models import Consent

    residents = list(target_residents(message).only("id", "first_name", "pseudonym", "contact_channel",
                                                    "phone", "email"))
    ids = [r.pk for r in residents]
    consents: dict[int, set[str]] = {}
    for resident_id, scope in Consent.objects.filter(resident_id__in=ids, withdrawn_on__isnull=True).values_list(
            "resident_id", "scope"):
        consents.setdefault(resident_id, set()).add(scope)
    opt_outs = opt_outs_of(ids)
    result = []
    for resident in residents:
        refused, unusable = opt_outs.get(resident.pk, (set(), set()))
        channel = channel_for(resident, consents=consents.get(resident.pk, set()), opted_out=refused,
                              unusable=unusable)
        if channel is not None:
            result.append((resident, channel))
    return result


@dataclass(frozen=True)
class AudiencePreview:
    by_channel: dict[str, int]
    skipped: int  # in the target but opted out

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


def audience_preview(message: Message) -> AudiencePreview:
    pairs = recipients_with_channels(message)
    counts = Counter(channel for _r, channel in pairs)
    target = target_residents(message).count()
    return AudiencePreview(by_channel={c: counts.get(c, 0) for c in Channel.values}, skipped=target - len(pairs))


def idea_list(*, search: str = "") -> QuerySet[Idea]:
    qs = Idea.objects.select_related("resident")
    if search:
        qs = qs.filter(text__icontains=search)
    return qs.order_by("-created_at", "-id")


# --- Indicator reads -----------------------------------------------------------------------------

def deliveries_sent_between(*, start: dt.datetime, end: dt.datetime, channel: str) -> int:
    return Delivery.objects.filter(channel=channel, status__in=REACHED, sent_at__gte=start, sent_at__lt=end).count()


def calls_made_between(*, start: dt.datetime, end: dt.datetime) -> int:
    return Delivery.objects.filter(channel=Channel.CALL, called_at__gte=start, called_at__lt=end).count()


def residents_reached_between(*, start: dt.datetime, end: dt.datetime) -> int:
    reached = Delivery.objects.filter(
        Q(status__in=REACHED, sent_at__gte=start, sent_at__lt=end) | Q(called_at__gte=start, called_at__lt=end))
    return reached.values("resident_id").distinct().count()


def portal_users_between(*, start: dt.datetime, end: dt.datetime) -> int:
    return (PortalEvent.objects.filter(happened_at__gte=start, happened_at__lt=end)
            .values("resident_id").distinct().count())


def portal_signups_between(*, start: dt.datetime, end: dt.datetime) -> int:
    return PortalEvent.objects.filter(kind=PortalEventKind.SIGNED_UP, happened_at__gte=start,
                                      happened_at__lt=end).count()
