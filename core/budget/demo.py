"""Demo budget of one residence: last year closed with its remainder carried over, this year open
with envelopes, lines, residents' decisions, commitments, expenses (some citing a decision or paying
for a resident-led activity or citing a residents' project), a refund, a corrected entry and own income
(café daily totals, room hire, coworking, grants received citing the granted funding applications —
tenants/demo.py seeds projects and applications, in core.funding.demo, before the budget). Deterministic for a given seed; called by tenants/demo.py inside the schema."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.activities.models import Activity
from core.budget import services
from core.funding.models import GRANTED
from core.funding.selectors import application_list
from core.projects.selectors import project_list

LINES = [
    # name, category, planned share of the envelopes, rule
    ("Animations", "activities", Decimal("0.30"), "warn"),
    ("Petit équipement", "small_equipment", Decimal("0.10"), "refuse"),
    ("Alimentation (repas partagés, café)", "food", Decimal("0.20"), "warn"),
    ("Sorties et transport", "outings", Decimal("0.15"), "refuse"),
    ("Communication", "communication", Decimal("0.05"), "refuse"),
    ("Provision pour les décisions des habitant·es", "residents_decisions", Decimal("0.20"), "refuse"),
]
SUPPLIERS = {
    "activities": ["Cultura", "Le Géant des Beaux-Arts", "Association Les Petits Débrouillards"],
    "small_equipment": ["Leroy Merlin", "Ikea", "Boulanger"],
    "food": ["Biocoop", "Épicerie solidaire", "Carrefour Market", "Boulangerie du quartier"],
    "outings": ["Transports Dupont", "SNCF", "Musée du Louvre"],
    "communication": ["Imprimerie du Centre", "Vistaprint"],
    "residents_decisions": ["Jardinerie Truffaut", "Décathlon", "Traiteur Saveurs du monde"],
}
DECISIONS = [
    ("Sortie à la mer pour les familles", "vote", "Vote en réunion des habitant·es : 23 pour, 2 contre.", 600),
    ("Bacs de jardinage pour le potager partagé", "residents_committee",
     "Le comité de résidents décide l'achat de six bacs et du terreau.", 350),
    ("Fête des voisins", "residents_committee", "Le comité finance le buffet et la sono de la fête.", 400),
]
CENT = Decimal("0.01")


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return (Decimal(rng.randint(low * 100, high * 100)) / 100).quantize(CENT)


def demo_populate(*, seed: str, months: list[dt.date], today: dt.date) -> None:
    rng = random.Random(seed)
    years = sorted({m.year for m in months})
    previous = None
    for year_number in years:
        year = services.budget_year_create(year=year_number, note="Budget d'animation et budget autonome du tiers-lieu.")
        if previous is not None:
            services.year_close(year=previous, closed_by="Coordination", carry_over=True)
        _fill_year(rng, year, [m for m in months if m.year == year_number], today)
        previous = year


def _fill_year(rng, year, months, today) -> None:
    envelopes = [("landlord", "Convention d'animation avec le bailleur", _money(rng, 4000, 6000)),
                 ("lapes", "Dotation L'apes", _money(rng, 1500, 2500)),
                 ("city", "Subvention de la ville", _money(rng, 500, 1500))]
    total = Decimal(0)
    for source, label, amount in envelopes:
        services.envelope_save(year=year, source=source, label=label, amount=amount)
        total += amount
    lines = {}
    for name, category, share, rule in LINES:
        lines[category] = services.line_save(year=year, name=name, category=category,
                                             planned_amount=(total * share).quantize(CENT), overspend_rule=rule)
    provision = lines["residents_decisions"]
    decisions = []
    for n, (title, body, text, amount) in enumerate(DECISIONS):
        month = months[min(len(months) - 1, n * max(1, len(months) // 3))]
        decisions.append(services.decision_save(decided_on=month.replace(day=rng.randint(2, 20)), body=body,
                                                title=title, text=text, amount=Decimal(amount), line=provision,
                                                recorded_by="Coordination"))
    resident_led = list(Activity.objects.filter(proposed_by_residents=True, starts_at__year=year.year)[:20])
    projects = list(project_list()[:10])
    for month in months:
        last_day = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        days = [d for d in (month + dt.timedelta(days=i) for i in range(last_day.day)) if d <= today]
        if not days:
            continue
        for category in ("activities", "food", "small_equipment", "outings", "communication"):
            for _ in range(rng.randint(0, 3)):
                _try(services.expense_create, line=lines[category], date=rng.choice(days),
                     amount=_money(rng, 8, 120), label=_label(category, rng),
                     supplier=rng.choice(SUPPLIERS[category]), payment_method=rng.choice(["card", "transfer", "cash"]),
                     activity=rng.choice(resident_led) if resident_led and rng.random() < 0.3 else None,
                     project=rng.choice(projects) if projects and category in ("activities", "food")
                     and rng.random() < 0.3 else None,
                     overspend_reason="Besoin supplémentaire validé en réunion d'équipe", recorded_by="Coordination")
        for decision in decisions:
            if decision.decided_on <= days[-1] and rng.random() < 0.4:
                _try(services.expense_create, line=provision, date=max(decision.decided_on, days[0]),
                     amount=_money(rng, 40, 150), label=f"Décision : {decision.title}",
                     supplier=rng.choice(SUPPLIERS["residents_decisions"]), payment_method="card",
                     decision=decision, recorded_by="Coordination")
        for day in days:
            if day.weekday() == 5:  # the café's Saturday takings, as one daily total
                _try(services.income_create, date=day, amount=_money(rng, 15, 80), income_kind="cafe",
                     label="Recette du café (total du jour)", payment_method="cash", recorded_by="Coordination")
        _try(services.income_create, date=days[-1], amount=_money(rng, 40, 120), income_kind="coworking",
             label="Abonnements coworking du mois", payment_method="transfer", recorded_by="Coordination")
        if rng.random() < 0.4:
            _try(services.income_create, date=rng.choice(days), amount=_money(rng, 50, 150), income_kind="room_hire",
                 label="Location de la salle commune", payment_method="cheque", recorded_by="Coordination")
    # Grants received: each application granted (or partly) this year is paid a few weeks after its decision.
    for application in application_list().filter(stage__in=GRANTED, decision_on__year=year.year):
        paid_on = min(application.decision_on + dt.timedelta(days=21), today, dt.date(year.year, 12, 31))
        _try(services.income_create, date=paid_on, amount=application.amount_granted, income_kind="grant",
             label=f"Subvention reçue : {application.title}"[:200], payment_method="transfer",
             application=application, recorded_by="Coordination")
    first = [d for d in (months[0] + dt.timedelta(days=i) for i in range(28)) if d <= today]
    if first:
        quote = _try(services.commitment_create, line=lines["outings"], date=first[-1], amount=Decimal("480.00"),
                     label="Devis car pour la sortie", supplier="Transports Dupont", commitment_kind="quote",
                     recorded_by="Coordination")
        if quote is not None:
            _try(services.expense_create, line=lines["outings"], date=first[-1], amount=Decimal("480.00"),
                 label="Facture car de la sortie", supplier="Transports Dupont", payment_method="transfer",
                 commitment=quote, recorded_by="Coordination")
        wrong = _try(services.expense_create, line=lines["small_equipment"], date=first[0], amount=Decimal("59.90"),
                     label="Bouilloire (saisie en double)", supplier="Boulanger", payment_method="card",
                     recorded_by="Coordination")
        if wrong is not None:
            services.entry_correct(entry=wrong, reason="Saisie en double", date=first[0], recorded_by="Coordination")
        _try(services.refund_create, line=lines["small_equipment"], date=first[-1], amount=Decimal("12.00"),
             label="Avoir sur retour de rallonge", supplier="Leroy Merlin", recorded_by="Coordination")


def _label(category: str, rng) -> str:
    return rng.choice({
        "activities": ["Matériel d'atelier peinture", "Jeux de société", "Fournitures de bricolage"],
        "food": ["Courses du repas partagé", "Café et thé", "Goûter des enfants"],
        "small_equipment": ["Rallonge électrique", "Bouilloire", "Vaisselle"],
        "outings": ["Billets de musée", "Tickets de transport", "Entrées piscine"],
        "communication": ["Impression d'affiches", "Flyers de la fête"],
    }[category])


def _try(create, **kwargs):
    try:
        return create(**kwargs)
    except ValidationError:
        return None  # over a "refuse" line: the coordinator would not have bought it either

