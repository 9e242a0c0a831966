"""The findings report (restitution) of a diagnosis questionnaire: what leaves the residence, so every
count of people below the small-count threshold is shown « < 11 » (selectors.shown_count), in the page,
the PDF and the presentation alike, and a hidden count draws no bar."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.voice import selectors
from core.voice.models import CHOICE_KINDS, AnswerSource, QuestionKind, Questionnaire, Submission


@dataclass
class FindingRow:
    label: str
    shown: str
    hidden: bool


@dataclass
class FindingQuestion:
    text: str
    kind: str
    section: str
    answered: str
    rows: list[FindingRow] = field(default_factory=list)
    mean: str = ""
    by_age: list[tuple[str, list[str]]] = field(default_factory=list)
    chart: str = ""
    note: str = ""


@dataclass
class FindingsReport:
    questionnaire: Questionnaire
    respondents: str
    by_source: list[tuple[str, str]]
    respondents_by_age: list[tuple[str, str]]
    questions: list[FindingQuestion]
    top_needs: list[tuple[str, str]]
    skills: list[tuple[str, str]]
    age_bands: list[str]

    @property
    def slides(self) -> list[dict]:
        slides = [{"kind": "question", "question": q} for q in self.questions]
        if self.top_needs:
            slides.append({"kind": "table", "title": _("Les besoins les plus exprimés"), "rows": self.top_needs})
        if self.skills:
            slides.append({"kind": "table", "title": _("Les savoir-faire proposés"), "rows": self.skills})
        return slides


def _row(label: str, count: int) -> FindingRow:
    return FindingRow(label=label, shown=selectors.shown_count(count), hidden=selectors.small_count_hidden(count))


def findings_report(*, questionnaire: Questionnaire, charts: bool = True) -> FindingsReport:
    from reporting.reports.charts import horizontal_bars

    submissions = Submission.objects.filter(questionnaire=questionnaire)
    total = submissions.count()
    sources = dict(AnswerSource.choices)
    by_source = [(str(sources[s]), selectors.shown_count(n)) for s, n in
                 _counts(submissions.values_list("source", flat=True))]
    questions = []
    for result in selectors.questionnaire_results(questionnaire=questionnaire):
        item = FindingQuestion(text=result.text, kind=result.kind, section=result.section,
                               answered=selectors.shown_count(result.answered))
        if result.kind in CHOICE_KINDS or result.kind == QuestionKind.SCALE:
            item.rows = [_row(label, count) for label, count in result.rows]
            item.by_age = [(label, [selectors.shown_count(c) for c in counts]) for label, counts in result.by_age]
            if charts and any(not r.hidden for r in item.rows):
                item.chart = horizontal_bars([r.label for r in item.rows],
                                             [None if r.hidden else count for r, (_l, count) in
                                              zip(item.rows, result.rows)], unit=_("personnes"))
        if result.mean is not None and result.kind in (QuestionKind.NUMBER, QuestionKind.SCALE):
            item.mean = str(result.mean) if not selectors.small_count_hidden(result.answered) else ""
        if result.kind == QuestionKind.SHORT_TEXT:
            item.note = _("Réponses libres : %(n)s. Leur contenu reste dans la résidence.") % {
                "n": selectors.shown_count(result.texts)}
        questions.append(item)
    return FindingsReport(
        questionnaire=questionnaire, respondents=selectors.shown_count(total), by_source=by_source,
        respondents_by_age=[(band, selectors.shown_count(n)) for band, n in
                            selectors.respondents_by_age_band(questionnaire=questionnaire)],
        questions=questions,
        top_needs=[(n.label, selectors.shown_count(selectors.need_expressed(n))) for n in selectors.top_needs()],
        skills=[(label, selectors.shown_count(n)) for label, n in selectors.skills_on_offer()],
        age_bands=[str(b.label) for b in selectors.AGE_BANDS],
    )


def _counts(values) -> list[tuple[str, int]]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return sorted(out.items())
