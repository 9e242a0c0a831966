"""Writes of calls for projects, the Aides-territoires import, applications, reports owed, reminders and
projects' funding plans."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.funding.aides_territoires import AidesTerritoiresClient, FeedError
from core.funding.models import (
    DECIDED,
    GRANTED,
    Application,
    ApplicationStage,
    ApplicationStageChange,
    CallForProjects,
    CallSource,
    CallStatus,
    EligibleApplicant,
    FeedRun,
    FundingLine,
    FundingSource,
    ReportDue,
    SentReminder,
)

CENT = Decimal("0.01")
CALL_FIELDS = ("title", "funder", "funder_name", "url", "application_url", "description", "themes", "eligible",
               "amount_min", "amount_max", "opens_on", "deadline", "status", "notes")


def _money(value):
    return None if value is None else Decimal(value).quantize(CENT)


# --- Calls ------------------------------------------------------------------------------------------

@transaction.atomic
def call_create(**fields) -> CallForProjects:
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields {sorted(unknown)!r}")
    call = CallForProjects(**fields)
    return _call_save(call)


@transaction.atomic
def call_update(*, call: CallForProjects, **fields) -> CallForProjects:
    """The coordinator edits a call; opening it also clears the "changed at the source" flag."""
    for name, value in fields.items():
        if name not in CALL_FIELDS:
            raise TypeError(f"unknown call field {name!r}")
        setattr(call, name, value)
    call.updated_at_source = False
    return _call_save(call)


def _call_save(call: CallForProjects) -> CallForProjects:
    call.title = (call.title or "").strip()
    call.amount_min, call.amount_max = _money(call.amount_min), _money(call.amount_max)
    if not call.funder_id and not (call.funder_name or "").strip():
        raise ValidationError({"funder_name": _("Indiquez le financeur : un partenaire ou son nom.")})
    call.full_clean()
    call.save()
    return call


@transaction.atomic
def call_seen(*, call: CallForProjects) -> None:
    CallForProjects.objects.filter(pk=call.pk).update(updated_at_source=False)


# --- Aides-territoires ----------------------------------------------------------------------------

_AUDIENCE_MAP = {
    "association": EligibleApplicant.ASSOCIATION, "private_person": EligibleApplicant.RESIDENTS_GROUP,
    "commune": EligibleApplicant.LOCAL_AUTHORITY, "epci": EligibleApplicant.LOCAL_AUTHORITY,
    "department": EligibleApplicant.LOCAL_AUTHORITY, "region": EligibleApplicant.LOCAL_AUTHORITY,
    "special": EligibleApplicant.LOCAL_AUTHORITY, "private_sector": EligibleApplicant.COMPANY,
    "public_cies": EligibleApplicant.COMPANY, "public_org": EligibleApplicant.PUBLIC_BODY,
}
SOURCE_FIELDS = ("title", "funder_name", "url", "application_url", "description", "themes", "eligible",
                 "opens_on", "deadline", "subvention_rate_min", "subvention_rate_max", "recurrence",
                 "source_updated_at")


class MalformedAid(ValueError):
    pass


def _names(values) -> list[str]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise MalformedAid(_("liste attendue"))
    out = []
    for value in values:
        name = value.get("name") if isinstance(value, dict) else value
        if not isinstance(name, str):
            raise MalformedAid(_("nom attendu"))
        if name.strip():
            out.append(name.strip()[:200])
    return out


def _date(value, name) -> dt.date | None:
    if value in (None, ""):
        return None
    parsed = parse_date(str(value)[:10]) if isinstance(value, str) else None
    if parsed is None:
        raise MalformedAid(_("%(field)s : date illisible") % {"field": name})
    return parsed


def _rate(value, name) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise MalformedAid(_("%(field)s : taux illisible") % {"field": name})
    return int(value)


def parse_aid(item, *, site_url: str) -> dict:
    """The fields of a call from one aid of the API, or MalformedAid naming what is wrong."""
    if not isinstance(item, dict):
        raise MalformedAid(_("élément qui n'est pas un objet"))
    source_id = item.get("id")
    if not isinstance(source_id, int) or isinstance(source_id, bool):
        raise MalformedAid(_("identifiant manquant ou illisible"))
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise MalformedAid(_("intitulé manquant"))
    updated = item.get("date_updated")
    source_updated_at = parse_datetime(updated) if isinstance(updated, str) else None
    if updated and source_updated_at is None:
        raise MalformedAid(_("date_updated illisible"))
    audiences = _names(item.get("targeted_audiences"))
    eligible = sorted({_AUDIENCE_MAP.get(a, EligibleApplicant.OTHER) for a in audiences})
    url = item.get("url") or ""
    if not isinstance(url, str):
        raise MalformedAid(_("url illisible"))
    opens_on = _date(item.get("start_date"), "start_date")
    deadline = _date(item.get("submission_deadline"), "submission_deadline")
    if opens_on and deadline and deadline < opens_on:
        raise MalformedAid(_("date limite avant l'ouverture"))
    application_url = item.get("application_url") or ""
    return {
        "source_id": str(source_id),
        "title": name.strip()[:300],
        "funder_name": ", ".join(_names(item.get("financers")))[:300],
        "url": urljoin(site_url, url)[:500] if url else "",
        "application_url": application_url[:500] if isinstance(application_url, str) else "",
        "description": strip_tags(item.get("description") or "") if isinstance(item.get("description"), (str, type(None))) else "",
        "themes": _names(item.get("categories")),
        "eligible": eligible,
        "opens_on": opens_on,
        "deadline": deadline,
        "subvention_rate_min": _rate(item.get("subvention_rate_lower_bound"), "subvention_rate_lower_bound"),
        "subvention_rate_max": _rate(item.get("subvention_rate_upper_bound"), "subvention_rate_upper_bound"),
        "recurrence": str(item.get("recurrence") or "")[:30],
        "source_updated_at": source_updated_at,
    }


@dataclass
class FeedOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[dict] = field(default_factory=list)


def _site_url(base_url: str) -> str:
    return base_url.rsplit("/api", 1)[0] + "/"


def calls_feed_import(*, residence, client: AidesTerritoiresClient | None = None) -> FeedRun | None:
    """Pull the calls matching the residence's commune (so its département, region and the country) and its
    residents' audiences. Every page is read first; then, in one transaction, new calls are created, changed
    ones updated and flagged — the coordinator's status and notes never touched —, unchanged ones left.
    A malformed aid is skipped and reported. If the feed cannot be read to the end, nothing is imported
    and the run says why. None when no key is set (the feed is off)."""
    client = client or AidesTerritoiresClient.from_settings()
    if client is None:
        return None
    run = FeedRun.objects.create(status=FeedRun.Status.FAILED)
    outcome = FeedOutcome()
    try:
        perimeter = client.perimeter_for(city=residence.city, postcode=residence.postcode)
        parsed = {}
        for position, item in enumerate(client.aids(perimeter=perimeter)):
            try:
                values = parse_aid(item, site_url=_site_url(client.base_url))
            except MalformedAid as exc:
                ident = item.get("id") if isinstance(item, dict) else None
                outcome.problems.append({"position": position, "id": ident, "reason": str(exc)})
                continue
            parsed[values["source_id"]] = values
        with transaction.atomic():
            _apply_feed(parsed, outcome)
    except FeedError as exc:
        run.error = str(exc)
        run.problems = outcome.problems
        run.skipped = len(outcome.problems)
        run.finished_at = timezone.now()
        run.save()
        return run
    run.status = FeedRun.Status.OK
    run.created, run.updated, run.unchanged = outcome.created, outcome.updated, outcome.unchanged
    run.problems, run.skipped = outcome.problems, len(outcome.problems)
    run.finished_at = timezone.now()
    run.save()
    return run


def _apply_feed(parsed: dict[str, dict], outcome: FeedOutcome) -> None:
    existing = {c.source_id: c for c in CallForProjects.objects.select_for_update().filter(
        source=CallSource.AIDES_TERRITOIRES, source_id__in=list(parsed))}
    for source_id, values in parsed.items():
        call = existing.get(source_id)
        if call is None:
            call = CallForProjects(source=CallSource.AIDES_TERRITOIRES, status=CallStatus.WATCHED, **values)
            call.full_clean()
            call.save()
            outcome.created += 1
            continue
        changed = [name for name in SOURCE_FIELDS if getattr(call, name) != values[name]]
        if not changed:
            outcome.unchanged += 1
            continue
        for name in changed:
            setattr(call, name, values[name])
        call.updated_at_source = True
        call.full_clean()
        call.save(update_fields=[*changed, "updated_at_source"])
        outcome.updated += 1


# --- Applications -----------------------------------------------------------------------------

APPLICATION_FIELDS = ("call", "project", "title", "amount_requested", "notes", "submitted_on")


@transaction.atomic
def application_create(*, call: CallForProjects, amount_requested, title: str = "", project=None,
                       co_applicants=(), notes: str = "", stage: str = ApplicationStage.IDEA,
                       recorded_by: str = "") -> Application:
    """Open an application for a call; the call moves to "applying" if it was only watched."""
    application = Application(call=call, project=project, title=(title or call.title).strip()[:300],
                              amount_requested=_money(amount_requested), notes=notes.strip(), stage=stage)
    application.full_clean()
    application.save()
    application.co_applicants.set(co_applicants)
    ApplicationStageChange.objects.create(application=application, stage=stage, changed_on=timezone.localdate(),
                                          recorded_by=recorded_by)
    if call.status == CallStatus.WATCHED:
        CallForProjects.objects.filter(pk=call.pk).update(status=CallStatus.APPLYING)
    return application


@transaction.atomic
def application_update(*, application: Application, co_applicants=None, **fields) -> Application:
    for name, value in fields.items():
        if name not in APPLICATION_FIELDS:
            raise TypeError(f"unknown application field {name!r}")
        setattr(application, name, _money(value) if name == "amount_requested" else value)
    application.full_clean()
    application.save()
    if co_applicants is not None:
        application.co_applicants.set(co_applicants)
    return application


@transaction.atomic
def application_stage_set(*, application: Application, stage: str, on: dt.date | None = None,
                          amount_granted=None, recorded_by: str = "") -> Application:
    """Move an application along idea → drafting → submitted → granted / partly granted / refused.
    Refused, naming the field: a decision without an amount granted (when granted), more granted than
    requested, "partly granted" for the full amount, a decision before the submission date."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    on = on or timezone.localdate()
    errors: dict[str, str] = {}
    if stage not in ApplicationStage.values:
        errors["stage"] = _("Étape inconnue.")
    granted = _money(amount_granted) if amount_granted not in (None, "") else None
    if stage in GRANTED:
        if granted is None or granted <= 0:
            errors["amount_granted"] = _("Indiquez le montant accordé.")
        elif granted > application.amount_requested:
            errors["amount_granted"] = _("Le montant accordé (%(g)s €) dépasse le montant demandé (%(r)s €).") % {
                "g": granted, "r": application.amount_requested}
        elif stage == ApplicationStage.PARTLY_GRANTED and granted == application.amount_requested:
            errors["stage"] = _("Tout le montant demandé est accordé : choisissez « accordé ».")
    if stage in DECIDED and application.submitted_on and on < application.submitted_on:
        errors["on"] = _("La décision ne peut pas précéder le dépôt du dossier.")
    if errors:
        raise ValidationError(errors)
    application.stage = stage
    if stage == ApplicationStage.SUBMITTED:
        application.submitted_on = on
    if stage in DECIDED:
        application.decision_on = on
        application.submitted_on = application.submitted_on or on
    else:
        application.decision_on = None
    application.amount_granted = granted if stage in GRANTED else None
    application.full_clean()
    application.save()
    ApplicationStageChange.objects.create(application=application, stage=stage, changed_on=on,
                                          recorded_by=recorded_by)
    return application


@transaction.atomic
def report_due_add(*, application: Application, due_on: dt.date, label: str = "") -> ReportDue:
    report = ReportDue(application=application, due_on=due_on, label=(label or _("bilan final")).strip())
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_due_sent(*, report: ReportDue, sent_on: dt.date | None = None) -> ReportDue:
    if report.sent_on:
        raise ValidationError({"sent_on": _("Ce compte rendu est déjà noté comme rendu.")})
    report.sent_on = sent_on or timezone.localdate()
    report.save(update_fields=["sent_on"])
    return report


# --- Reminders ---------------------------------------------------------------------------------

def _coordinator_emails(residence) -> list[str]:
    return sorted(residence.members.filter(is_active=True).exclude(email="").values_list("email", flat=True))


def reminders_send(*, residence, today: dt.date | None = None) -> int:
    """E-mail the residence's coordinators before a call's deadline (applications not yet submitted) and
    before a report is due (not yet sent). Each reminder goes once: its row in SentReminder is written in
    the same transaction as the sending, and the unique constraint stops a second run or a second worker
    (it waits for the first, then finds the row). A failed sending rolls the row back: retried next run."""
    from core.funding.selectors import deadline_reminders_due, report_reminders_due

    today = today or timezone.localdate()
    recipients = _coordinator_emails(residence)
    if not recipients:
        return 0
    sent = 0
    for kind, target_id, days, due_on, subject, body in [
        *deadline_reminders_due(today=today, residence=residence),
        *report_reminders_due(today=today, residence=residence),
    ]:
        try:
            with transaction.atomic():
                SentReminder.objects.create(kind=kind, target_id=target_id, days_before=days, due_on=due_on,
                                            recipients=", ".join(recipients))
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except IntegrityError:
            continue  # already sent
        sent += 1
    return sent


# --- Funding plan ------------------------------------------------------------------------------

@transaction.atomic
def funding_line_add(*, project, source: str, planned, label: str = "", application: Application | None = None,
                     obtained=None) -> FundingLine:
    """Add a line to a project's funding plan. A line of source "application" names the application and
    takes its granted amount as obtained; the application must fund this project."""
    errors = {}
    if source == FundingSource.APPLICATION:
        if application is None:
            errors["application"] = _("Choisissez le dossier de candidature.")
        elif application.project_id not in (None, project.pk):
            errors["application"] = _("Ce dossier finance un autre projet.")
        obtained = None
    elif application is not None:
        errors["application"] = _("Seule une ligne « dossier de candidature » nomme un dossier.")
    if errors:
        raise ValidationError(errors)
    if application is not None and application.project_id is None:
        Application.objects.filter(pk=application.pk).update(project=project)
    line = FundingLine(project=project, source=source, application=application, label=label.strip(),
                       planned=_money(planned), obtained=_money(obtained) if obtained not in (None, "") else None)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def funding_line_update(*, line: FundingLine, planned=None, obtained=None, label: str | None = None) -> FundingLine:
    if planned is not None:
        line.planned = _money(planned)
    if line.source != FundingSource.APPLICATION and obtained is not None:
        line.obtained = _money(obtained) if obtained != "" else None
    if label is not None:
        line.label = label.strip()
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def funding_line_delete(*, line: FundingLine) -> None:
    line.delete()

