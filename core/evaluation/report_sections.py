"""The evaluation's part of the residence's activity report: the questionnaire's results and the narrative."""
import datetime as dt

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.evaluation.selectors import narrative_section_list, survey_results_by_wave
from core.evaluation.models import SurveyWave
from reporting.reports.sections import RESIDENCE, ReportContext, report_section

WAVES_SHOWN = 4  # two years of waves: enough to read the change


@report_section(code="social_ties", title=_("Liens sociaux et isolement : résultats du questionnaire"), order=30,
                kinds=(RESIDENCE,))
def social_ties(report: ReportContext) -> str | None:
    waves = SurveyWave.objects.filter(starts_on__lte=dt.date(report.year, 12, 31))
    results = survey_results_by_wave(waves=waves)[-WAVES_SHOWN:]
    if not results:
        return None
    return render_to_string("evaluation/report_social_ties.html", {"report": report, "results": results})


@report_section(code="narrative", title=_("Bilan rédigé par la coordination"), order=90, kinds=(RESIDENCE,))
def narrative(report: ReportContext) -> str | None:
    sections = list(narrative_section_list(year=report.year))
    if not sections:
        return None
    return render_to_string("evaluation/report_narrative.html", {"report": report, "sections": sections})
