import datetime as dt
from decimal import Decimal

import factory

from core.budget.models import BudgetEntry, BudgetLine, BudgetYear, Decision, EntryKind, Envelope


class BudgetYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetYear
        django_get_or_create = ("year",)

    year = 2026


class EnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Envelope

    year = factory.SubFactory(BudgetYearFactory)
    source = "landlord"
    amount = Decimal("3000.00")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    year = factory.SubFactory(BudgetYearFactory)
    name = factory.Sequence(lambda n: f"Ligne n° {n + 1}")
    category = "activities"
    planned_amount = Decimal("500.00")
    overspend_rule = "refuse"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    year = factory.SubFactory(BudgetYearFactory)
    decided_on = factory.LazyAttribute(lambda o: dt.date(o.year.year, 3, 12))
    body = "residents_committee"
    title = "Sortie au bord de mer"
    text = "Le comité de résidents décide de financer une sortie d'une journée."
    amount = Decimal("300.00")


class BudgetEntryFactory(factory.django.DjangoModelFactory):
    """An expense recorded straight in the table (tests of reads; writes go through services)."""

    class Meta:
        model = BudgetEntry

    line = factory.SubFactory(BudgetLineFactory)
    year = factory.LazyAttribute(lambda o: o.line.year)
    kind = EntryKind.EXPENSE
    date = factory.LazyAttribute(lambda o: dt.date(o.year.year, 4, 2))
    amount = Decimal("42.50")
    label = "Courses du repas partagé"
    supplier = "Biocoop"
    payment_method = "card"
