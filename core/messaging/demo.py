"""Demo data of messages: templates, a message sent last month (by e-mail, SMS and the call list, with its
statuses, and the opt-outs its bounces, « Stop SMS » link and spam complaint made), a draft, reminder opt-ins, ideas and portal use. Deterministic for a given seed; called by
tenants/demo.py inside the residence's schema, after people, activities and privacy."""
from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.activities.models import Activity, ActivityStatus
from core.messaging import services
from core.messaging.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Idea,
    MessageStatus,
    OptOutSource,
    PortalEvent,
    ReminderOptIn,
)
from core.people.selectors import current_residents
from core.privacy.models import Consent, ConsentScope

TZ = ZoneInfo("Europe/Paris")
TEMPLATES = [
    ("Invitation à une animation", "Invitation : {animation}",
     "Bonjour {prenom},\n\nVous êtes invité·e à {animation}, le {date} à {heure}, {lieu}.\n"
     "Inscrivez-vous depuis votre espace : {lien}\n\nÀ bientôt !",
     "Bonjour {prenom}, {animation} le {date} a {heure}, {lieu}. Inscription : {lien}"),
    ("Rappel de la veille", "Rappel : {animation} demain",
     "Bonjour {prenom}, petit rappel : {animation} a lieu demain à {heure}, {lieu}.",
     "Rappel : {animation} demain {heure}, {lieu}."),
    ("Information de la résidence", "Information de la résidence",
     "Bonjour {prenom},\n\nLa salle commune sera fermée lundi pour travaux. Merci de votre compréhension.", ""),
]
IDEAS = ["Un atelier vélo au printemps", "Des cours de cuisine entre voisins", "Une boîte à livres dans le hall",
         "Un tournoi de pétanque", "Une sortie au bord de la mer en juillet"]


def demo_populate(*, seed: str, months: list[dt.date]) -> None:
    rng = random.Random(seed)
    templates = [services.template_save(name=n, subject=s, body=b, sms_body=sms) for n, s, b, sms in TEMPLATES]
    residents = list(current_residents().order_by("pk"))
    with_consent = set(Consent.objects.filter(scope=ConsentScope.CONTACT_EMAIL).values_list("resident_id", flat=True))
    Consent.objects.bulk_create([Consent(resident=r, scope=ConsentScope.CONTACT_EMAIL, given_on=r.consent_on)
                                 for r in residents if r.contact_channel == "email" and r.pk not in with_consent])
    ReminderOptIn.objects.bulk_create([ReminderOptIn(resident=r) for r in residents if rng.random() < 0.3])

    # Last month: an invitation to one activity, sent to everyone, with the statuses it ended with.
    last_month = months[-2] if len(months) > 1 else months[-1]
    sent_at = dt.datetime.combine(last_month + dt.timedelta(days=9), dt.time(10, 30), tzinfo=TZ)
    activity = (Activity.objects.filter(status=ActivityStatus.SCHEDULED, starts_at__gte=sent_at)
                .order_by("starts_at").first())
    invitation = services.message_save(subject=templates[0].subject, body=templates[0].body,
                                       sms_body=templates[0].sms_body, template=templates[0], activity=activity,
                                       created_by="Coordination (démo)")
    invitation.status, invitation.send_requested_at, invitation.created_at = MessageStatus.SENT, sent_at, sent_at
    invitation.save(update_fields=["status", "send_requested_at", "created_at"])
    services.deliveries_create(message=invitation, now=sent_at.replace(hour=11))
    rows = list(Delivery.objects.filter(message=invitation))
    for row in rows:
        row.updated_at = sent_at
        if row.channel == Channel.CALL:
            if rng.random() < 0.6:
                row.status, row.called_at, row.called_by = DeliveryStatus.DELIVERED, sent_at + dt.timedelta(days=1), \
                    "Coordination (démo)"
            continue
        roll = rng.random()
        row.status = (DeliveryStatus.DELIVERED if roll < 0.8 else DeliveryStatus.SENT if roll < 0.93
                      else DeliveryStatus.BOUNCED if roll < 0.97 else DeliveryStatus.FAILED)
        row.attempts, row.not_before = 1, None
        row.sent_at = None if row.status == DeliveryStatus.FAILED else sent_at + dt.timedelta(seconds=rng.randint(1, 90))
        if row.channel == Channel.SMS:
            row.provider_id = str(rng.randint(10**12, 10**13))
    # At least one bounced address, so a resident's opt-outs page has a bounce to show (and lift).
    emails = [r for r in rows if r.channel == Channel.EMAIL]
    if len(emails) > 1 and not any(r.status == DeliveryStatus.BOUNCED for r in emails):
        emails[-1].status = DeliveryStatus.BOUNCED
    Delivery.objects.bulk_update(rows, ["status", "called_at", "called_by", "attempts", "not_before", "sent_at",
                                        "provider_id", "updated_at"])
    # What the provider reported: bounced addresses and numbers are not used again (those people go to the
    # call list); one person opened the « Stop SMS » link of their SMS; one marked the e-mail as spam.
    for row in rows:
        if row.status == DeliveryStatus.BOUNCED:
            services.bounce_stop(resident=row.resident, channel=row.channel)
    delivered = [r for r in rows if r.status == DeliveryStatus.DELIVERED]
    for channel, source in ((Channel.SMS, OptOutSource.UNSUBSCRIBE_LINK), (Channel.EMAIL, OptOutSource.SPAM)):
        row = next((r for r in delivered if r.channel == channel), None)
        if row is not None:
            services.opt_out(resident=row.resident, channel=channel, source=source)

    services.message_save(subject="Fête des voisins", body="Bonjour {prenom}, la fête des voisins a lieu samedi "
                          "à 15 h dans la cour. Apportez un plat ou une boisson !", created_by="Coordination (démo)")

    # A draft for the members of a governance body (core.voice's demo ran before), when there is one.
    from core.messaging.models import TargetKind
    from core.voice.selectors import body_list

    body = body_list(active_only=True).filter(member_count__gt=0).first()
    if body is not None:
        services.message_save(subject=f"Prochaine réunion : {body.name}",
                              body="Bonjour {prenom}, la prochaine réunion a lieu jeudi à 18 h dans la salle "
                                   "commune.",
                              target_kind=TargetKind.BODY, target_body=body, created_by="Coordination (démo)")

    # The portal: a few residents opened their space, signed up, proposed ideas.
    users = rng.sample(residents, k=min(len(residents), 12))
    events = []
    for month in months[-3:]:
        for resident in users[: rng.randint(4, len(users))]:
            when = dt.datetime.combine(month + dt.timedelta(days=rng.randint(0, 25)), dt.time(rng.randint(9, 20)),
                                       tzinfo=TZ)
            if when > timezone.now():
                continue
            events.append(PortalEvent(resident=resident, kind="opened", happened_at=when))
            if rng.random() < 0.5:
                events.append(PortalEvent(resident=resident, kind="signed_up", happened_at=when))
    PortalEvent.objects.bulk_create(events)
    for text in IDEAS[: rng.randint(2, len(IDEAS))]:
        Idea.objects.create(resident=rng.choice(residents) if residents else None, text=text)
