"""Demo of the landlords' calls: one call co-funded by two landlords, with applications, two committee
members' scores, a laureate with instalments, a payment and a year-one result report; and an open call."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from network.calls import services
from network.calls.models import Call


def _apply(call, *, org, email, title, summary, target, residences, now):
    application, _token = services.application_start(call=call, org_name=org, contact_email=email,
                                                      link_url=lambda token: token)
    application = services.application_update(
        application=application, org_id="W751234567", org_address="10 rue de la République, 93200 Saint-Denis",
        contact_name="Responsable des projets", title=title, summary=summary, duration_months=24,
        partners="Centre social, régie de quartier", residences=residences)
    services.budget_line_add(application=application, label="Animation", amount="6000", funder="Ville")
    services.budget_line_add(application=application, label="Matériel", amount="2500")
    services.target_add(application=application, indicator=target[0], value=target[1], unit=target[2],
                        per=target[3])
    return services.application_submit(application=application, now=now)


def demo_populate(*, head_office, viewers: list, today: dt.date | None = None) -> Call:
    """`viewers`: one landlord viewer of each of two landlords (the funders). Sends no e-mail."""
    with services.no_emails(), transaction.atomic():
        return _populate(head_office=head_office, viewers=viewers, today=today)


def _populate(*, head_office, viewers: list, today: dt.date | None) -> Call:
    today = today or timezone.localdate()
    now = timezone.now()
    first, second = viewers[0].landlord, viewers[1].landlord
    call = services.call_create(
        actor=head_office, title="Vivre ensemble dans nos résidences 2026", envelope=Decimal("40000"),
        opens_on=today - dt.timedelta(days=200), deadline=now + dt.timedelta(days=1),
        funders=[(first, Decimal("60")), (second, Decimal("40"))], themes="lien social, jardins, numérique",
        description="Des projets portés par des associations avec et pour les locataires.",
        eligibility="Associations loi 1901 intervenant dans les résidences des bailleurs financeurs.",
        hearings_on=today - dt.timedelta(days=150), committee_on=today - dt.timedelta(days=140),
        residences=services.eligible_residences(landlord_ids=[first.pk, second.pk]))
    residences = list(call.residences.all()[:2])
    submitted_at = now - dt.timedelta(days=170)
    garden = _apply(call, org="Les Jardiniers Solidaires", email="contact@jardiniers.demo",
                    title="Jardins partagés au pied des immeubles",
                    summary="Créer et animer deux jardins partagés avec les locataires.",
                    target=("Locataires formé·es au jardinage", "8", "locataires", "year"),
                    residences=residences, now=submitted_at)
    digital = _apply(call, org="Connect'Âges", email="contact@connectages.demo",
                     title="Ateliers numériques intergénérationnels",
                     summary="Des jeunes accompagnent des aîné·es dans leurs démarches en ligne.",
                     target=("Personnes accompagnées", "36", "personnes", "total"),
                     residences=residences[:1], now=submitted_at)
    Call.objects.filter(pk=call.pk).update(deadline=now - dt.timedelta(days=160))
    members = [services.member_add(actor=head_office, call=call, user=v) for v in viewers]
    for application in (garden, digital):
        services.eligibility_set(actor=head_office, application=application, eligible=True,
                                 note="Association éligible, pièces complètes.")
        for member, base in zip(members, (4, 3)):
            for criterion in call.criteria.all():
                value = base if application == garden else base - 1
                services.score_set(actor=member.user, application=application, criterion=criterion, value=value)
    services.meeting_save(actor=head_office, call=call, held_on=today - dt.timedelta(days=140), present=members,
                          hearings="Audition des deux associations (20 minutes chacune).",
                          notes="Le comité retient le projet de jardins partagés ; les ateliers numériques sont "
                                "invités à se rapprocher d'un centre social.")
    services.decision_set(actor=head_office, application=garden, outcome="laureate", amount="18000",
                          reason="Projet ancré dans les besoins exprimés par les locataires.")
    services.decision_set(actor=head_office, application=digital, outcome="refused",
                          reason="Partenariats à consolider.")
    agreement = garden.agreement
    signing = services.instalment_add(actor=head_office, agreement=agreement, milestone="Signature de la convention",
                                      due_on=today - dt.timedelta(days=120), amount="9000")
    services.instalment_add(actor=head_office, agreement=agreement, milestone="Bilan de la première année",
                            due_on=today + dt.timedelta(days=60), amount="9000")
    services.payment_record(actor=head_office, instalment=signing, paid_on=today - dt.timedelta(days=110),
                            amount="9000")
    target = garden.targets.get()
    services.result_report_file(application=garden, year=1, narrative="Deux jardins ouverts, neuf locataires "
                                "formé·es, une fête des récoltes en septembre.", actuals={target.pk: "9"})
    services.call_create(
        actor=head_office, title="Initiatives d'habitant·es 2027", envelope=Decimal("15000"),
        opens_on=today - dt.timedelta(days=10), deadline=now + dt.timedelta(days=45), funders=[(first, 100)],
        themes="initiatives, convivialité", residences=services.eligible_residences(landlord_ids=[first.pk]))
    return call
