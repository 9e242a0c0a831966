"""Reads of the landlords' calls, each taking who is asking.

Who sees what: the head office every call; a landlord viewer the calls its landlord funds; a committee
member the calls they sit on; anybody else nothing. An applicant reaches one application only, through its
link (`application_for_token`). Every `access_*_by_id` answers 404 outside the actor's calls, the same
answer as an id that does not exist."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from network.calls.models import (
    AccessLink,
    Agreement,
    Application,
    ApplicationStatus,
    Attachment,
    Call,
    CommitteeMember,
    Payment,
    ResultReport,
)


def _can_read(actor) -> bool:
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active)


def call_list_for_user(*, actor) -> QuerySet[Call]:
    if not _can_read(actor):
        return Call.objects.none()
    if actor.is_head_office:
        return Call.objects.all()
    rule = Q(members__user_id=actor.pk)
    if actor.is_landlord_viewer and actor.landlord_id:
        rule |= Q(funders__landlord_id=actor.landlord_id)
    return Call.objects.filter(pk__in=Call.objects.filter(rule).values("pk"))


def call_search(*, actor, q: str = "", state: str = ""):
    """The actor's calls, filtered: one selector for the page, the export and the API."""
    qs = call_list_for_user(actor=actor).prefetch_related("funders__landlord")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(themes__icontains=q))
    if state == "open":
        qs = qs.filter(deadline__gte=timezone.now())
    elif state == "closed":
        qs = qs.filter(deadline__lt=timezone.now())
    return qs.order_by("-deadline", "-id")


def application_list_for_user(*, actor, call: Call | None = None) -> QuerySet[Application]:
    """Submitted applications (a draft is its applicant's only) of the actor's calls."""
    qs = Application.objects.filter(call__in=call_list_for_user(actor=actor)).exclude(
        status=ApplicationStatus.DRAFT).select_related("call")
    return qs.filter(call=call) if call is not None else qs


def agreement_list_for_user(*, actor) -> QuerySet[Agreement]:
    return Agreement.objects.filter(application__in=application_list_for_user(actor=actor)).select_related(
        "application__call")


def _get(queryset, id, message):  # noqa: A002
    try:
        return queryset.get(pk=int(id))
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(message) from exc


def access_call_by_id(*, actor, id) -> Call:  # noqa: A002
    return _get(call_list_for_user(actor=actor), id, _("Appel introuvable."))


def access_application_by_id(*, actor, id) -> Application:  # noqa: A002
    return _get(application_list_for_user(actor=actor), id, _("Candidature introuvable."))


def access_agreement_by_id(*, actor, id) -> Agreement:  # noqa: A002
    return _get(agreement_list_for_user(actor=actor), id, _("Lauréat introuvable."))


def access_report_by_id(*, actor, id) -> ResultReport:  # noqa: A002
    return _get(ResultReport.objects.filter(agreement__in=agreement_list_for_user(actor=actor)), id,
                _("Compte rendu introuvable."))


def access_attachment_by_id(*, actor, id) -> Attachment:  # noqa: A002
    return _get(Attachment.objects.filter(application__in=application_list_for_user(actor=actor)), id,
                _("Pièce introuvable."))


def seat_of(*, actor, call: Call) -> CommitteeMember | None:
    if not _can_read(actor):
        return None
    return CommitteeMember.objects.filter(call=call, user_id=actor.pk).first()


def link_for_token(*, token: str, purpose: str | None = None) -> AccessLink | None:
    """The live link of `token` (known here, not expired), or None."""
    from core.portal.services import token_hash

    if not token or len(token) > 100:
        return None
    qs = AccessLink.objects.select_related("application__call").filter(
        token_hash=token_hash(token), expires_at__gt=timezone.now())
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.first()


def application_for_token(*, token: str, purpose: str | None = None) -> Application:
    """The one application a link opens, else 404."""
    link = link_for_token(token=token, purpose=purpose)
    if link is None:
        raise Http404(_("Lien inconnu ou expiré."))
    return link.application


def ranking(*, call: Call) -> list[dict]:
    """Submitted applications of `call` with their weighted average score (out of 5) and number of scorers."""
    criteria = {c.pk: c.weight for c in call.criteria.all()}
    total_weight = sum(criteria.values()) or 1
    rows = []
    for application in call.applications.exclude(status=ApplicationStatus.DRAFT).order_by("id").prefetch_related(
            "scores"):
        per_member: dict[int, Decimal] = {}
        for score in application.scores.all():
            per_member[score.member_id] = per_member.get(score.member_id, Decimal(0)) + Decimal(
                score.value * criteria.get(score.criterion_id, 0))
        averages = [v / total_weight for v in per_member.values()]
        average = (sum(averages) / len(averages)).quantize(Decimal("0.01")) if averages else None
        rows.append({"application": application, "average": average, "scorers": len(per_member)})
    rows.sort(key=lambda r: (r["average"] is None, -(r["average"] or 0)))
    return rows


def targets_vs_actuals(*, agreement: Agreement) -> list[dict]:
    """Each target of the laureate with the actual value of every result report (by project year)."""
    reports = list(agreement.reports.prefetch_related("values"))
    rows = []
    for target in agreement.application.targets.all():
        actuals = {}
        for report in reports:
            for value in report.values.all():
                if value.target_id == target.pk:
                    actuals[report.year] = value.actual
        rows.append({"target": target, "actuals": [(r.year, actuals.get(r.year)) for r in reports]})
    return rows


def agreements_with_paid(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """`agreements`, each with `paid` (the sum of its payments, 0 when none) from one subquery: a list of
    laureates costs the same whatever its length."""
    paid = (Payment.objects.filter(instalment__agreement=OuterRef("pk")).order_by().values("instalment__agreement")
            .annotate(total=Sum("amount")).values("total"))
    return agreements.annotate(paid=Coalesce(Subquery(paid), Value(Decimal(0)), output_field=DecimalField()))


def agreement_paid(*, agreement: Agreement) -> Decimal:
    return agreements_with_paid(Agreement.objects.filter(pk=agreement.pk)).values_list("paid", flat=True).get()


def laureate_rows(*, agreements: QuerySet[Agreement]) -> list[dict]:
    """Laureates with their committed and paid amounts: the laureates' page and the landlord report."""
    return [{"agreement": a, "paid": a.paid} for a in agreements_with_paid(agreements)]


def laureate_rows_for_landlord(*, landlord_id: int | None) -> list[dict]:
    """Laureates of the calls a landlord funds (all calls when None), with committed and paid amounts:
    the landlord report's laureates section."""
    qs = Agreement.objects.select_related("application__call")
    if landlord_id is not None:
        qs = qs.filter(application__call__funders__landlord_id=landlord_id)
    return laureate_rows(agreements=qs.order_by("id"))
