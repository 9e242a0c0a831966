"""Computing indicators inside a residence schema and upserting them in public."""
from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue
from reporting.periods import month_bounds
from tenants.models import Residence


@transaction.atomic
def residence_indicators_refresh(*, residence: Residence, months: list[dt.date]) -> dict[str, dict[str, str]]:
    """Compute every catalogue indicator of `residence` for `months` and upsert them.

    Idempotent: keyed by (residence, indicator, month), a rerun overwrites the same rows.
    Returns {month: {indicator: value}} for logs and task results.
    """
    now = timezone.now()
    rows = []
    result: dict[str, dict[str, str]] = {}
    with schema_context(residence.schema_name):
        for month in months:
            start, end = month_bounds(month)
            for indicator in CATALOGUE.values():
                value, basis = indicator.compute(start, end)
                rows.append(IndicatorValue(
                    residence_id=residence.pk, indicator=indicator.code, period_start=month,
                    value=value, count_basis=basis, computed_at=now,
                ))
                result.setdefault(month.isoformat(), {})[indicator.code] = str(value)
    IndicatorValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["residence", "indicator", "period_start"],
        update_fields=["value", "count_basis", "computed_at"],
    )
    return result


def current_residence() -> Residence:
    """The residence whose schema the connection is on (inside a tenant task)."""
    return Residence.objects.get(schema_name=connection.schema_name)
