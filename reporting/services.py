"""Computing indicators inside a residence schema and upserting them in public."""
from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import F, Min
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from reporting.indicators import CATALOGUE, Indicator, shared_figures
from reporting.models import IndicatorValue, RefreshRun
from reporting.periods import MONTH, QUARTER, YEAR, Period, add_months, month_start, periods_touched_by
from reporting.suppression import Relation, suppress
from tenants.models import Residence
from tenants.selectors import active_residence_list

logger = logging.getLogger(__name__)
EARLIEST_HISTORY = dt.date(2000, 1, 1)


def _period_key(period: Period) -> str:
    return period.start.isoformat() if period.kind == MONTH else f"{period.kind}:{period.start.isoformat()}"


@transaction.atomic
def residence_indicators_refresh(*, residence: Residence, months: list[dt.date]) -> dict[str, dict[str, str | None]]:
    """Compute every catalogue indicator of `residence` for `months`, their quarters and years, and upsert them.

    Each period is computed over its own bounds (distinct people over a quarter are
    counted over the quarter). Idempotent: keyed by (residence, indicator, period kind,
    period start), a rerun overwrites the same rows; a compute that returns None ("no value")
    stores a NULL value, overwriting any earlier figure. Then the landlord suppression
    flags of the touched years are recomputed. Returns {period: {indicator: value}}
    (period "2026-10-01" for a month, "quarter:2026-10-01", "year:2026-01-01").
    """
    now = timezone.now()
    rows = []
    result: dict[str, dict[str, str | None]] = {}
    with schema_context(residence.schema_name), shared_figures():
        for indicator in CATALOGUE.values():
            for period in periods_touched_by(months, finest=indicator.period):
                start, end = period.bounds()
                value, basis = indicator.compute(start, end)
                rows.append(IndicatorValue(
                    residence_id=residence.pk, indicator=indicator.code, period_kind=period.kind,
                    period_start=period.start, value=value, count_basis=basis, computed_at=now,
                ))
                result.setdefault(_period_key(period), {})[indicator.code] = None if value is None else str(value)
    IndicatorValue.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["residence", "indicator", "period_kind", "period_start"],
        update_fields=["value", "count_basis", "computed_at"],
    )
    suppression_flags_refresh(residence=residence, years=sorted({m.year for m in months}))  # bumps the generation
    return result


def reporting_values_changed() -> None:
    """Bump the generation in `reporting_version()`: cached tables and medians are recomputed.

    Called on commit of every write to the values, so a reader never caches the old values
    under the new generation.
    """
    from reporting.selectors import REPORTING_GENERATION_KEY

    with schema_context(get_public_schema_name()):  # cache keys carry the schema; readers are on public
        try:
            cache.incr(REPORTING_GENERATION_KEY)
        except ValueError:  # no counter yet (or evicted): any new value differs from the readers' 0
            cache.set(REPORTING_GENERATION_KEY, 1, timeout=None)


def year_relations(indicator: Indicator, year: int) -> tuple[list[Period], list[Relation]]:
    """The periods of one year an indicator is published for, and how they add up.

    Every indicator that counts people is assumed additive over time (year = its
    quarters, quarter = its months): for distinct people this is false, so the
    assumption only hides more, never less.
    """
    year_period = Period(YEAR, dt.date(year, 1, 1))
    kinds = indicator.period_kinds
    periods = [year_period]
    relations = []
    if QUARTER in kinds:
        quarters = year_period.parts()
        periods += quarters
        relations.append(Relation(year_period, tuple(quarters)))
        if MONTH in kinds:
            for quarter in quarters:
                periods += quarter.parts()
                relations.append(Relation(quarter, tuple(quarter.parts())))
    return periods, relations


def suppression_flags_refresh(*, residence: Residence, years: list[int]) -> int:
    """Set `suppressed` on a residence's values of `years`: small counts of people, plus secondary cells.

    A block is one indicator over one calendar year (months, quarters, year), so no page
    of any period lets a hidden cell be rebuilt from the others. Returns the hidden count.
    """
    threshold = settings.SMALL_COUNT_THRESHOLD
    stored = IndicatorValue.objects.filter(
        residence=residence, period_start__gte=dt.date(min(years), 1, 1), period_start__lt=dt.date(max(years) + 1, 1, 1)
    ).only("id", "indicator", "period_kind", "period_start", "value", "count_basis", "suppressed")
    by_block: dict[tuple[str, int], dict[Period, IndicatorValue]] = {}
    for row in stored:
        by_block.setdefault((row.indicator, row.period_start.year), {})[Period(row.period_kind, row.period_start)] = row
    to_hide, to_show = [], []
    for (code, year), cells in by_block.items():
        indicator = CATALOGUE.get(code)
        if indicator is None or not indicator.counts_people:
            hidden = frozenset(cells) if indicator is None else frozenset()
        else:
            _, relations = year_relations(indicator, year)
            hidden = suppress(
                values={p: cells[p].value for p in sorted(cells)},
                primary={p for p, row in cells.items() if row.count_basis < threshold},
                relations=relations,
            )
        for period, row in cells.items():
            (to_hide if period in hidden else to_show).append(row.pk)
    IndicatorValue.objects.filter(pk__in=to_hide).update(suppressed=True)
    IndicatorValue.objects.filter(pk__in=to_show).update(suppressed=False)
    transaction.on_commit(reporting_values_changed)
    return len(to_hide)


def current_residence() -> Residence:
    """The residence whose schema the connection is on (inside a tenant task)."""
    return Residence.objects.get(schema_name=connection.schema_name)


def default_months(today: dt.date | None = None) -> list[dt.date]:
    this_month = month_start(today or timezone.localdate())
    return [add_months(this_month, -1), this_month]


def refresh_run_create(*, trigger: str, months: list[dt.date], residences: list[Residence]) -> RefreshRun:
    return RefreshRun.objects.create(
        trigger=trigger, months=[m.isoformat() for m in months], total=len(residences)
    )


def refresh_run_record(*, run_id: int | None, residence: Residence, error: str = "") -> None:
    """Count one residence as done (or failed) in its run; close the run after the last one."""
    if run_id is None:
        return
    if error:
        RefreshRun.objects.filter(pk=run_id).update(
            errors=F("errors") + 1,
            error_log=models.functions.Concat(F("error_log"), models.Value(f"{residence.slug} : {error}\n")),
        )
    else:
        RefreshRun.objects.filter(pk=run_id).update(done=F("done") + 1)
    finished = RefreshRun.objects.filter(
        pk=run_id, finished_at__isnull=True, total__lte=F("done") + F("errors")
    ).update(finished_at=timezone.now())
    if finished:  # every residence's values are committed (and the generation bumped): warm the pages
        transaction.on_commit(comparison_cache_warm, robust=True)


def comparison_cache_warm(*, period: Period | None = None) -> int:
    """Cache the comparison cells of the head office and of every landlord for `period`.

    Default: the last complete month, the pages' default period. Called once a refresh run
    finishes, so the first visit after the nightly refresh is served warm. Returns the number
    of scopes warmed.
    """
    from reporting.selectors import ReportingScope, comparison_cells
    from tenants.models import Landlord

    period = period or Period(MONTH, month_start(timezone.localdate())).previous()
    with schema_context(get_public_schema_name()):  # the pages' cache keys are public ones
        landlords = Landlord.objects.filter(residences__in=active_residence_list()).distinct()
        scopes = [ReportingScope(kind="all"), *(ReportingScope(kind="landlord", landlord=l) for l in landlords)]
        for scope in scopes:
            comparison_cells(scope=scope, period=period)
    return len(scopes)


def _transient_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (ConnectionError, TimeoutError, OperationalError, InterfaceError, BrokerError, RedisConnectionError,
            RedisTimeoutError)


# Errors that another attempt may not meet: a database connection killed or lost, the broker or
# the cache unreachable. The task retries them with backoff (reporting.tasks.refresh_residence).
TRANSIENT_ERRORS = _transient_errors()


def residence_refresh_in_run(*, residence: Residence, months: list[dt.date], run_id: int | None,
                             last_attempt: bool = True) -> bool:
    """Refresh one residence and record the outcome in its run.

    A transient error is raised again for the task to retry, unless this is the last attempt:
    only then is it recorded as the residence's failure. Any other error is recorded at once
    (one residence's failure must not stop the others) and not raised.
    """
    try:
        residence_indicators_refresh(residence=residence, months=months)
    except TRANSIENT_ERRORS as exc:
        connection.close()  # a killed connection is unusable: the next query (or attempt) opens another
        if not last_attempt:
            logger.warning("indicator refresh of %s interrupted (%s): retried", residence.slug, type(exc).__name__)
            raise
        logger.exception("indicator refresh failed for %s after its last retry", residence.slug)
        refresh_run_record(run_id=run_id, residence=residence, error=f"{type(exc).__name__}: {exc}"[:300])
        return False
    except Exception as exc:  # one residence's failure must not stop the others
        logger.exception("indicator refresh failed for %s", residence.slug)
        refresh_run_record(run_id=run_id, residence=residence, error=f"{type(exc).__name__}: {exc}"[:300])
        return False
    refresh_run_record(run_id=run_id, residence=residence)
    return True


def refresh_all_start(*, trigger: str, months: list[dt.date] | None = None) -> RefreshRun:
    """Record a run over every active residence and fan it out to the workers once committed."""
    from apes_platform.celery import app  # noqa: F401  the web process sends tasks through our app
    from reporting.tasks import refresh_all_residences

    months = months or default_months()
    residences = list(active_residence_list())
    run = refresh_run_create(trigger=trigger, months=months, residences=residences)
    transaction.on_commit(lambda: refresh_all_residences.delay([m.isoformat() for m in months], run.pk))
    return run


def first_record_month(*, residence: Residence) -> dt.date:
    """The month of the residence's earliest dated record among the catalogue's sources.

    Every date or datetime column of every source model counts; the residence's
    creation date is the fallback. Dates before 2000 are ignored (birth years…).
    """
    candidates = [timezone.localtime(residence.created_at).date()]
    if residence.opened_on:
        candidates.append(residence.opened_on)
    sources = {s for i in CATALOGUE.values() for s in i.sources}
    with schema_context(residence.schema_name):
        for source in sorted(sources):
            try:
                model = apps.get_model(source)
            except (LookupError, ValueError):
                continue
            date_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.DateField,))]
            if not date_fields:
                continue
            found = model.objects.aggregate(**{f: Min(f) for f in date_fields})
            for value in found.values():
                if value is None:
                    continue
                day = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
                if day >= EARLIEST_HISTORY:
                    candidates.append(day)
    return month_start(min(candidates))


def residence_backfill(*, residence: Residence, today: dt.date | None = None) -> RefreshRun:
    """Recompute a residence's whole history: every month from its first record to now, year by year."""
    this_month = month_start(today or timezone.localdate())
    first = first_record_month(residence=residence)
    months, month = [], first
    while month <= this_month:
        months.append(month)
        month = add_months(month, 1)
    run = refresh_run_create(trigger=RefreshRun.Trigger.BACKFILL, months=[first, this_month], residences=[residence])
    for year in sorted({m.year for m in months}):
        ok = _refresh_year(residence=residence, months=[m for m in months if m.year == year])
        if not ok:
            refresh_run_record(run_id=run.pk, residence=residence, error=f"année {year}")
            run.refresh_from_db()
            return run
    refresh_run_record(run_id=run.pk, residence=residence)
    run.refresh_from_db()
    return run


def _refresh_year(*, residence: Residence, months: list[dt.date]) -> bool:
    try:
        residence_indicators_refresh(residence=residence, months=months)
    except Exception:
        logger.exception("backfill failed for %s", residence.slug)
        return False
    return True
