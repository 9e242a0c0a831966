"""Residents' voice in the residence's yearly activity report: diagnosis, skills, consultations,
governance. Counts of people below the small-count threshold show « < 11 » (the report leaves the
residence)."""
import datetime as dt

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.voice import selectors
from core.voice.models import (
    Consultation,
    DecisionStatus,
    GovernanceBody,
    Questionnaire,
)
from reporting.reports.sections import RESIDENCE, ReportContext, report_section


def _year(report: ReportContext) -> tuple[dt.date, dt.date]:
    return dt.date(report.year, 1, 1), dt.date(report.year + 1, 1, 1)


@report_section(code="voice_diagnosis", title=_("Diagnostic des besoins"), order=40, kinds=(RESIDENCE,))
def voice_diagnosis(report: ReportContext) -> str | None:
    start, end = _year(report)
    questionnaires = list(Questionnaire.objects.filter(opens_on__lt=end, closes_on__gte=start)
                          .annotate(n=Count("submissions")).order_by("opens_on"))
    needs = selectors.top_needs(limit=8)
    if not questionnaires and not needs:
        return None
    respondents = selectors.diagnosis_respondents_between(start=start, end=end)
    return render_to_string("voice/report_diagnosis.html", {
        "questionnaires": [(q.title, selectors.shown_count(q.n)) for q in questionnaires],
        "respondents": selectors.shown_count(respondents),
        "needs": [(n.label, selectors.shown_count(selectors.need_expressed(n)), n.activity_count) for n in needs]})


@report_section(code="voice_skills", title=_("Savoir-faire et échanges"), order=41, kinds=(RESIDENCE,))
def voice_skills(report: ReportContext) -> str | None:
    start, end = _year(report)
    count, inter, people = selectors.skill_exchanges_between(start=start, end=end)
    offers = selectors.skills_on_offer()
    if not count and not offers:
        return None
    hours = selectors.skill_hours_between(start=start, end=end)
    return render_to_string("voice/report_skills.html", {
        "offers": [(label, selectors.shown_count(n)) for label, n in offers], "exchanges": count,
        "intergenerational": inter, "people": selectors.shown_count(people), "hours": hours})


@report_section(code="voice_consultations", title=_("Consultations et votes"), order=42, kinds=(RESIDENCE,))
def voice_consultations(report: ReportContext) -> str | None:
    start, end = _year(report)
    rows = []
    for c in Consultation.objects.filter(closes_at__date__gte=start, closes_at__date__lt=end).select_related(
            "decision").order_by("closes_at"):
        results = selectors.consultation_results(consultation=c)
        rows.append({"question": c.question, "voters": selectors.shown_count(results.voters),
                     "turnout": results.turnout if not selectors.small_count_hidden(results.voters) else None,
                     "decision": getattr(c, "decision", None)})
    if not rows:
        return None
    return render_to_string("voice/report_consultations.html", {"rows": rows})


@report_section(code="voice_governance", title=_("Instances de gouvernance"), order=43, kinds=(RESIDENCE,))
def voice_governance(report: ReportContext) -> str | None:
    start, end = _year(report)
    bodies = list(GovernanceBody.objects.annotate(
        meetings_held=Count("meetings", filter=Q(meetings__held_at__date__gte=start, meetings__held_at__date__lt=end),
                            distinct=True),
        taken=Count("decisions", filter=Q(decisions__decided_on__gte=start, decisions__decided_on__lt=end),
                    distinct=True),
        done=Count("decisions", filter=Q(decisions__status=DecisionStatus.DONE, decisions__decided_on__gte=start,
                                         decisions__decided_on__lt=end), distinct=True)).order_by("name"))
    if not bodies:
        return None
    members = selectors.governance_members_at(day=min(end - dt.timedelta(days=1), dt.date.today()))
    return render_to_string("voice/report_governance.html", {"bodies": bodies,
                                                             "members": selectors.shown_count(members)})
