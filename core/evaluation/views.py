"""The coordinator's evaluation screens: waves and their results, answers, the yearly narrative."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.confirm import confirm_then
from apes_platform.forms import add_service_errors
from apes_platform.lists import render_filtered_list
from core.evaluation.forms import (
    NarrativeSectionForm,
    SurveyResponseFilterForm,
    SurveyResponseForm,
    SurveyWaveForm,
    YearForm,
)
from core.evaluation.models import QUESTIONS
from core.evaluation.selectors import (
    access_narrative_section_by_id,
    narrative_section_list,
    survey_response_list,
    survey_results_by_wave,
    wave_for_day,
)
from core.evaluation.services import (
    narrative_section_delete,
    narrative_section_save,
    survey_response_record,
    survey_wave_create,
)


def evaluation_home(request):
    results = survey_results_by_wave()
    return render(request, "evaluation/home.html", {"results": results, "current_wave": wave_for_day()})


def wave_new(request):
    form = SurveyWaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = survey_wave_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Vague « %(label)s » créée.") % {"label": wave.label})
            return redirect("evaluation:home")
    return render(request, "evaluation/wave_form.html", {"form": form})


def response_new(request):
    form = SurveyResponseForm(request.POST or None, current_wave=wave_for_day())
    if not form.fields["wave"].queryset.exists():
        return render(request, "evaluation/response_form.html", {"form": None})
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_record(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Réponse enregistrée. Merci !"))
            return redirect("evaluation:response_new")
    return render(request, "evaluation/response_form.html", {"form": form})


RESPONSE_COLUMNS = [
    (gettext_lazy("Vague"), lambda r: r.wave.label),
    (gettext_lazy("Date"), lambda r: r.answered_on),
    (gettext_lazy("Habitant·e"), lambda r: r.resident.display_name if r.resident else _("anonyme")),
    *[(wording, (lambda field: lambda r: getattr(r, f"get_{field}_display")())(code))
      for code, wording, _scale in QUESTIONS],
    (gettext_lazy("Score de liens sociaux (sur 10)"), lambda r: float(r.ties_score)),
]


def response_index(request):
    return render_filtered_list(request, filter_form_class=SurveyResponseFilterForm, selector=survey_response_list,
                                template="evaluation/response_list.html", per_page=50,
                                export_columns=RESPONSE_COLUMNS, export_filename="reponses-questionnaire")


def narrative_index(request):
    years = YearForm(request.GET or None)
    year = years.cleaned_data.get("year") if years.is_valid() else None
    sections = list(narrative_section_list(year=year))
    return render(request, "evaluation/narrative_list.html", {"sections": sections, "years": years})


def _narrative_form(request, *, section=None):
    form = NarrativeSectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            saved = narrative_section_save(section=section, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Section « %(heading)s » enregistrée.") % {"heading": saved.heading})
            return redirect(f"{reverse('evaluation:narratives')}?year={saved.year}")
    return render(request, "evaluation/narrative_form.html", {"form": form, "section": section})


def narrative_new(request):
    return _narrative_form(request)


def narrative_edit(request, section_id: int):
    return _narrative_form(request, section=access_narrative_section_by_id(actor=request.user, id=section_id))


def narrative_delete(request, section_id: int):
    section = access_narrative_section_by_id(actor=request.user, id=section_id)
    return confirm_then(
        request, do=lambda: narrative_section_delete(section=section), done=_("Section supprimée."),
        then=f"{reverse('evaluation:narratives')}?year={section.year}", back=reverse("evaluation:narratives"),
        title=_("Supprimer la section ?"),
        question=_("La section « %(heading)s » (%(year)s) sera supprimée définitivement.") % {
            "heading": section.heading, "year": section.year},
        confirm=_("Oui, supprimer"))
