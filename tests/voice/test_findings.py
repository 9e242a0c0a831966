"""The findings report leaves the residence: counts under 11 show « < 11 » on the page, in the PDF and in
the presentation; the coordinator's own lists keep exact counts. Plus indicators and report sections."""
import datetime as dt

import pytest
from django.utils import timezone

from core.people.factories import ResidentFactory
from core.voice import services
from core.voice.models import AnswerSource, SkillCategory, SkillDirection
from reporting.indicators import CATALOGUE
from tests.conftest import client_on
from tests.voice.conftest import build_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(residence_a, in_schema):
    """12 seniors say « Oui », 3 young adults « Non »; 12 ask for French classes."""
    with in_schema(residence_a):
        questionnaire, q = build_questionnaire(title="Diagnostic 2026")
        yes, no = q["mood"].options.get(label="Oui"), q["mood"].options.get(label="Non")
        french = q["needs"].options.get(label="Cours de français")
        for i in range(15):
            person = ResidentFactory(age_band="60-74" if i < 12 else "18-25")
            services.submission_record(
                questionnaire=questionnaire, resident=person,
                source=AnswerSource.PORTAL if i % 2 else AnswerSource.PAPER,
                answers={q["mood"].pk: (yes if i < 12 else no).pk, q["needs"].pk: [french.pk] if i < 12 else [],
                         q["scale"].pk: "4"})
            if i < 2:
                services.skill_entry_add(resident=person, direction=SkillDirection.OFFER,
                                         category=SkillCategory.SEWING)
        return questionnaire


def test_findings_page_hides_small_counts(answered, residence_a, coordinator_a):
    html = client_on(residence_a, coordinator_a).get(f"/voix/questionnaires/{answered.pk}/restitution/").content.decode()
    mood = html.split(">Vous sentez-vous bien ici ?</h3>")[1].split("</section>")[0]
    assert '<th scope="row">Oui</th><td class="num">12</td>' in mood
    assert '<th scope="row">Non</th><td class="num suppressed">&lt; 11</td>' in mood
    assert "data:image/svg+xml;base64," in mood  # a chart, and the same figures in a table
    # By age band: 12 seniors shown, the 3 young adults hidden.
    by_age = mood.split('class="by-age"')[1]
    assert "<td class=\"num\">12</td>" in by_age and "&lt; 11" in by_age
    # Top needs and skills on offer: 12 people ask for French classes; 2 offer sewing → « < 11 ».
    assert '<th scope="row">cours de français</th><td class="num">12</td>' in html
    assert '<th scope="row">couture</th><td class="num">&lt; 11</td>' in html


def test_findings_pdf_and_presentation(answered, residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    pdf = client.get(f"/voix/questionnaires/{answered.pk}/restitution.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    first = client.get(f"/voix/questionnaires/{answered.pk}/presentation/").content.decode()
    assert "<h1>De quoi auriez-vous besoin ?</h1>" in first and "Vous sentez-vous bien ici ?" not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get(f"/voix/questionnaires/{answered.pk}/presentation/?diapo=1").content.decode()
    assert "<h1>Vous sentez-vous bien ici ?</h1>" in second and "&lt; 11" in second


def test_indicators_and_report_sections(answered, residence_a, in_schema):
    from reporting.reports.sections import ReportContext, SECTIONS

    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime(today.year, today.month, 1))
    end = timezone.make_aware(dt.datetime(today.year + (today.month == 12), today.month % 12 + 1, 1))
    with in_schema(residence_a):
        assert CATALOGUE["voice_diagnosis_respondents"].compute(start, end) == (15, 15)
        assert CATALOGUE["voice_skill_offerers"].compute(start, end)[0] == 2
        report = ReportContext(kind="residence", year=today.year, residence=residence_a)
        diagnosis = SECTIONS["voice_diagnosis"].render(report)
        assert "Diagnostic 2026" in diagnosis and "cours de français" in diagnosis
        assert "&lt; 11" in SECTIONS["voice_skills"].render(report)
    assert {"voice_needs_with_action", "voice_skill_exchanges", "voice_skill_exchanges_intergenerational_share",
            "voice_consultations_held", "voice_consultation_turnout", "voice_governance_members",
            "voice_decisions_taken", "voice_decisions_done"} <= set(CATALOGUE)
