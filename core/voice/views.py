"""The coordinator's screens of residents' voice (under /voix/). Resident pages are in portal_views.py."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.downloads import download_response
from apes_platform.confirm import confirm_then
from apes_platform.forms import add_service_errors, user_label
from apes_platform.lists import render_filtered_list
from core.voice import findings, selectors, services
from core.voice.forms import (
    BallotForm,
    BodyDecisionForm,
    BodyDocumentForm,
    BodyFilterForm,
    BodyForm,
    ConsultationFilterForm,
    ConsultationForm,
    DecisionFollowForm,
    DecisionForm,
    DropInNeedForm,
    HouseholdForm,
    InterviewFilterForm,
    InterviewForm,
    MandateForm,
    MeetingForm,
    NeedFilterForm,
    NeedForm,
    PaperAnswerForm,
    PaperBallotForm,
    QuestionForm,
    QuestionnaireFilterForm,
    QuestionnaireForm,
    SectionForm,
    SkillEntryForm,
    SkillExchangeFilterForm,
    SkillExchangeForm,
    SkillFilterForm,
    SubmissionFilterForm,
)
from core.voice.models import BallotChannel, ResidentHousehold

NEED_COLUMNS = [
    (gettext_lazy("Besoin"), lambda n: n.label),
    (gettext_lazy("Personnes l'ayant exprimé"), selectors.need_expressed),
    (gettext_lazy("Animations qui y répondent"), lambda n: n.activity_count),
    (gettext_lazy("Projets d'habitants qui y répondent"), lambda n: n.project_count),
    (gettext_lazy("Actif"), lambda n: _("oui") if n.is_active else _("non")),
]
SKILL_COLUMNS = [
    (gettext_lazy("Habitant·e"), lambda e: e.resident.display_name),
    (gettext_lazy("Sens"), lambda e: e.get_direction_display()),
    (gettext_lazy("Domaine"), lambda e: e.get_category_display()),
    (gettext_lazy("Précision"), lambda e: e.tag),
    (gettext_lazy("Disponibilités"), lambda e: e.availability),
]
EXCHANGE_COLUMNS = [
    (gettext_lazy("Date"), lambda x: x.happened_on),
    (gettext_lazy("Qui transmet"), lambda x: x.giver.display_name),
    (gettext_lazy("Qui apprend"), lambda x: x.learner.display_name),
    (gettext_lazy("Domaine"), lambda x: x.get_category_display()),
    (gettext_lazy("Précision"), lambda x: x.tag),
    (gettext_lazy("Heures"), lambda x: x.hours),
    (gettext_lazy("Intergénérationnel"), lambda x: _("oui") if x.intergenerational else _("non")),
]
SUBMISSION_COLUMNS = [
    (gettext_lazy("Date"), lambda s: s.answered_on),
    (gettext_lazy("Habitant·e"), lambda s: s.resident.display_name if s.resident_id else _("anonyme")),
    (gettext_lazy("Source"), lambda s: s.get_source_display()),
    (gettext_lazy("Version"), lambda s: s.version.number),
    (gettext_lazy("Saisi par"), lambda s: s.entered_by),
]


def _post_only(request):
    return HttpResponseNotAllowed(["POST"]) if request.method != "POST" else None


def home(request):
    return render(request, "voice/home.html", {
        "questionnaires": selectors.open_questionnaires()[:5],
        "consultations": selectors.open_consultations()[:5],
        "needs": selectors.top_needs(limit=5),
        "matches": selectors.skill_matches(limit=3),
    })


# --- Needs ------------------------------------------------------------------------------------

def need_index(request):
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(label=form.cleaned_data["label"], description=form.cleaned_data["description"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.need_update(need=need, label=need.label, description=need.description,
                                 activities=form.cleaned_data["activities"], projects=form.cleaned_data["projects"])
            messages.success(request, _("Besoin « %(label)s » ajouté au catalogue.") % {"label": need.label})
            return redirect("voice:needs")
    return render_filtered_list(request, filter_form_class=NeedFilterForm, selector=selectors.need_catalogue,
                                template="voice/need_list.html", per_page=50, export_columns=NEED_COLUMNS,
                                export_filename="besoins", extra_context={"form": form})


def need_detail(request, need_id: int):
    need = selectors.access_need_by_id(actor=request.user, id=need_id)
    return render(request, "voice/need_detail.html", {"page_data": selectors.need_page(need=need), "need": need})


def need_edit(request, need_id: int):
    need = selectors.access_need_by_id(actor=request.user, id=need_id)
    initial = {"label": need.label, "description": need.description, "is_active": need.is_active,
               "activities": list(need.activities.values_list("pk", flat=True)),
               "projects": list(need.projects.values_list("pk", flat=True))}
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(need=need, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Besoin enregistré."))
            return redirect("voice:need", need_id=need.pk)
    return render(request, "voice/need_form.html", {"form": form, "need": need})


def need_dropins(request):
    """Drop-in visits « besoin exprimé », to attach each one to a need of the catalogue."""
    from django.core.paginator import Paginator

    visits = selectors.need_dropin_visits(search=request.GET.get("search", ""),
                                          untagged_only=request.GET.get("untagged") == "1")
    page = Paginator(visits, 30).get_page(request.GET.get("page"))
    return render(request, "voice/need_dropins.html", {"page": page, "form": DropInNeedForm()})


def need_dropin_tag(request, visit_id: int):
    from core.dropins.selectors import access_visit_by_id

    visit = access_visit_by_id(actor=request.user, id=visit_id)
    if (refused := _post_only(request)) is not None:
        return refused
    form = DropInNeedForm(request.POST)
    if form.is_valid():
        try:
            services.dropin_need_tag(visit=visit, need=form.cleaned_data["need"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Besoin « %(need)s » noté pour ce passage.") % {
                "need": form.cleaned_data["need"].label})
    else:
        messages.error(request, _("Choisissez un besoin."))
    return redirect("voice:need_dropins")


# --- Questionnaires ---------------------------------------------------------------------------

def questionnaire_index(request):
    return render_filtered_list(request, filter_form_class=QuestionnaireFilterForm,
                                selector=selectors.questionnaire_list, template="voice/questionnaire_list.html",
                                per_page=25)


def questionnaire_new(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.questionnaire_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Questionnaire créé : ajoutez ses parties et ses questions."))
            return redirect("voice:questionnaire", questionnaire_id=questionnaire.pk)
    return render(request, "voice/questionnaire_form.html", {"form": form})


def questionnaire_edit(request, questionnaire_id: int):
    questionnaire = selectors.access_questionnaire_by_id(actor=request.user, id=questionnaire_id)
    form = QuestionnaireForm(request.POST or None, initial={
        "title": questionnaire.title, "description": questionnaire.description,
        "opens_on": questionnaire.opens_on, "closes_on": questionnaire.closes_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(questionnaire=questionnaire, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Questionnaire enregistré."))
            return redirect("voice:questionnaire", questionnaire_id=questionnaire.pk)
    return render(request, "voice/questionnaire_form.html", {"form": form, "questionnaire": questionnaire})


def questionnaire_detail(request, questionnaire_id: int):
    """The builder: the current version's sections and questions, with the forms to add to them."""
    questionnaire = selectors.access_questionnaire_by_id(actor=request.user, id=questionnaire_id)
    version = selectors.current_version(questionnaire=questionnaire)
    section_form, question_form = SectionForm(prefix="section"), QuestionForm(prefix="question", version=version)
    if request.method == "POST":
        try:
            if "section-title" in request.POST:
                section_form = SectionForm(request.POST, prefix="section")
                if section_form.is_valid():
                    services.section_add(questionnaire=questionnaire, **section_form.cleaned_data)
                    messages.success(request, _("Partie ajoutée."))
                    return redirect("voice:questionnaire", questionnaire_id=questionnaire.pk)
            else:
                question_form = QuestionForm(request.POST, prefix="question", version=version)
                if question_form.is_valid():
                    services.question_add(**question_form.service_kwargs())
                    messages.success(request, _("Question ajoutée."))
                    return redirect("voice:questionnaire", questionnaire_id=questionnaire.pk)
        except ValidationError as exc:
            add_service_errors(question_form if "section-title" not in request.POST else section_form, exc)
    return render(request, "voice/questionnaire_detail.html", {
        "questionnaire": questionnaire, "version": version, "answered": version.submissions.exists(),
        "section_form": section_form, "question_form": question_form})


def question_remove(request, question_id: int):
    question = selectors.access_question_by_id(actor=request.user, id=question_id)
    back = reverse("voice:questionnaire", args=[question.section.version.questionnaire_id])
    return confirm_then(
        request, do=lambda: services.question_remove(question=question),
        done=_("Question retirée de la version en cours."), then=back, back=back, title=_("Retirer la question ?"),
        question=f"« {question.text} »",
        note=_("Si la version en cours a des réponses, une nouvelle version est créée sans cette question ; "
               "les réponses déjà données la gardent."),
        confirm=_("Oui, retirer"))


def submission_index(request, questionnaire_id: int):
    questionnaire = selectors.access_questionnaire_by_id(actor=request.user, id=questionnaire_id)

    def rows(**criteria):
        return selectors.submission_list(questionnaire=questionnaire, **criteria)

    return render_filtered_list(request, filter_form_class=SubmissionFilterForm, selector=rows,
                                template="voice/submission_list.html", per_page=50,
                                export_columns=SUBMISSION_COLUMNS, export_filename="reponses-diagnostic",
                                extra_context={"questionnaire": questionnaire})


def submission_detail(request, submission_id: int):
    submission = selectors.access_submission_by_id(actor=request.user, id=submission_id)
    return render(request, "voice/submission_detail.html", {"submission": submission})


def submission_paper(request, questionnaire_id: int):
    """The coordinator types in a paper form or an interview's answers; the source is recorded."""
    questionnaire = selectors.access_questionnaire_by_id(actor=request.user, id=questionnaire_id)
    version = selectors.current_version(questionnaire=questionnaire)
    form = PaperAnswerForm(request.POST or None, version=version,
                           initial={"answered_on": min(timezone.localdate(), questionnaire.closes_on)})
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_record(
                questionnaire=questionnaire, answers=form.answers(), source=form.cleaned_data["source"],
                resident=form.cleaned_data["resident"], answered_on=form.cleaned_data["answered_on"],
                entered_by=user_label(request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Réponse enregistrée (%(source)s).") % {
                "source": submission.get_source_display()})
            return redirect("voice:submission_paper", questionnaire_id=questionnaire.pk)
    return render(request, "voice/submission_paper.html", {"questionnaire": questionnaire, "form": form,
                                                           "version": version})


# --- Findings report --------------------------------------------------------------------------

def findings_view(request, questionnaire_id: int):
    questionnaire = selectors.access_questionnaire_by_id(actor=request.user, id=questionnaire_id)
    return render(request, "voice/findings.html", {"report": findings.findings_report(questionnaire=questionnaire),
                                                   "questionnaire": questionnaire})


def findings_pdf(request, questionnaire_id: int):
    from weasyprint import HTML

    questionnaire = selectors.access_questionnaire_by_id(actor=request.user, id=questionnaire_id)
    html = render_to_string("voice/findings_pdf.html", {
        "report": findings.findings_report(questionnaire=questionnaire, charts=True), "questionnaire": questionnaire})
    return download_response(HTML(string=html).write_pdf(), filename=f"restitution-{questionnaire.pk}.pdf",
                             content_type="application/pdf")


def findings_presentation(request, questionnaire_id: int):
    """One question per screen, large type, for a residents' meeting (?diapo=N)."""
    questionnaire = selectors.access_questionnaire_by_id(actor=request.user, id=questionnaire_id)
    report = findings.findings_report(questionnaire=questionnaire, charts=True)
    slides = report.slides
    try:
        index = max(0, min(int(request.GET.get("diapo", 0)), len(slides) - 1))
    except ValueError:
        index = 0
    return render(request, "voice/findings_presentation.html", {
        "questionnaire": questionnaire, "slide": slides[index] if slides else None, "index": index,
        "count": len(slides), "previous": index - 1 if index > 0 else None,
        "next": index + 1 if index + 1 < len(slides) else None})


# --- Interviews -------------------------------------------------------------------------------

def interview_index(request):
    return render_filtered_list(request, filter_form_class=InterviewFilterForm, selector=selectors.interview_list,
                                template="voice/interview_list.html", per_page=25)


def interview_new(request):
    form = InterviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_record(
                resident=form.cleaned_data["resident"], held_on=form.cleaned_data["held_on"],
                kind=form.cleaned_data["kind"], notes=form.notes(), conducted_by=user_label(request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Entretien noté."))
            return redirect("voice:interview", interview_id=interview.pk)
    return render(request, "voice/interview_form.html", {"form": form})


def interview_detail(request, interview_id: int):
    return render(request, "voice/interview_detail.html",
                  {"interview": selectors.access_interview_by_id(actor=request.user, id=interview_id)})


# --- Skills -----------------------------------------------------------------------------------

def skill_index(request):
    form = SkillEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.skill_entry_add(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s %(direction)s %(skill)s : noté.") % {
                "name": entry.resident.display_name, "direction": entry.get_direction_display(),
                "skill": entry.label})
            return redirect("voice:skills")
    return render_filtered_list(request, filter_form_class=SkillFilterForm, selector=selectors.skill_entry_list,
                                template="voice/skill_list.html", per_page=50, export_columns=SKILL_COLUMNS,
                                export_filename="savoir-faire", extra_context={"form": form})


def skill_withdraw(request, entry_id: int):
    entry = selectors.access_skill_entry_by_id(actor=request.user, id=entry_id)
    if (refused := _post_only(request)) is not None:
        return refused
    services.skill_entry_withdraw(entry=entry)
    messages.success(request, _("Savoir-faire retiré."))
    return redirect("voice:skills")


def skill_matches(request):
    return render(request, "voice/skill_matches.html", {
        "matches": selectors.skill_matches(category=request.GET.get("category", ""))})


def exchange_index(request):
    initial = {"happened_on": timezone.localdate(), "hours": 1}
    for key in ("giver", "learner", "category", "tag"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = SkillExchangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            exchange = services.skill_exchange_record(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Échange noté : %(giver)s → %(learner)s.") % {
                "giver": exchange.giver.display_name, "learner": exchange.learner.display_name})
            return redirect("voice:exchanges")
    return render_filtered_list(request, filter_form_class=SkillExchangeFilterForm,
                                selector=selectors.skill_exchange_list, template="voice/exchange_list.html",
                                per_page=50, export_columns=EXCHANGE_COLUMNS, export_filename="echanges",
                                extra_context={"form": form})


# --- Consultations ----------------------------------------------------------------------------

def consultation_index(request):
    return render_filtered_list(request, filter_form_class=ConsultationFilterForm,
                                selector=selectors.consultation_list, template="voice/consultation_list.html",
                                per_page=25)


def consultation_new(request):
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(**form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Consultation créée."))
            return redirect("voice:consultation", consultation_id=consultation.pk)
    return render(request, "voice/consultation_form.html", {"form": form})


def consultation_detail(request, consultation_id: int):
    """Results and turnout; the paper ballot entry form; the decision."""
    consultation = selectors.access_consultation_by_id(actor=request.user, id=consultation_id)
    ballot_form = PaperBallotForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and ballot_form.is_valid():
        try:
            services.ballot_cast(consultation=consultation, resident=ballot_form.cleaned_data["resident"],
                                 option_ids=ballot_form.option_ids(), channel=BallotChannel.PAPER)
        except ValidationError as exc:
            add_service_errors(ballot_form, exc)
        else:
            messages.success(request, _("Bulletin papier de %(name)s enregistré.") % {
                "name": ballot_form.cleaned_data["resident"].display_name})
            return redirect("voice:consultation", consultation_id=consultation.pk)
    now = timezone.now()
    decision = getattr(consultation, "decision", None)
    return render(request, "voice/consultation_detail.html", {
        "consultation": consultation, "results": selectors.consultation_results(consultation=consultation),
        "ballot_form": ballot_form, "decision": decision, "is_open": consultation.is_open_at(now),
        "closed": now >= consultation.closes_at,
        "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()}, is_budget=consultation.is_budget)
        if decision is None else None})


def consultation_decide(request, consultation_id: int):
    consultation = selectors.access_consultation_by_id(actor=request.user, id=consultation_id)
    if (refused := _post_only(request)) is not None:
        return refused
    form = DecisionForm(request.POST, is_budget=consultation.is_budget)
    if form.is_valid():
        try:
            services.consultation_decide(consultation=consultation, recorded_by=user_label(request),
                                         **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Décision enregistrée."))
            return redirect("voice:consultation", consultation_id=consultation.pk)
    return render(request, "voice/consultation_detail.html", {
        "consultation": consultation, "results": selectors.consultation_results(consultation=consultation),
        "ballot_form": BallotForm(consultation=consultation), "decision_form": form, "closed": True})


def households(request):
    """Dwellings of residents, for « une voix par foyer »."""
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.resident_household_set(**form.cleaned_data)
        messages.success(request, _("Logement enregistré."))
        return redirect("voice:households")
    rows = ResidentHousehold.objects.select_related("resident").order_by("dwelling", "resident__first_name")
    return render(request, "voice/households.html", {"form": form, "rows": rows})


# --- Governance -------------------------------------------------------------------------------

def body_index(request):
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Instance « %(name)s » créée.") % {"name": body.name})
            return redirect("voice:body", body_id=body.pk)
    return render_filtered_list(request, filter_form_class=BodyFilterForm, selector=selectors.body_list,
                                template="voice/body_list.html", per_page=25, extra_context={"form": form})


def _body_context(body, **forms_) -> dict:
    return {
        "body": body, "mandates": selectors.body_mandates(body=body), "meetings": selectors.body_meetings(body=body),
        "decisions": selectors.body_decisions(body=body), "documents": selectors.body_documents(body=body),
        "follow_form": DecisionFollowForm(),
        "mandate_form": MandateForm(prefix="mandate", initial={"starts_on": timezone.localdate()}),
        "decision_form": BodyDecisionForm(prefix="decision", initial={"decided_on": timezone.localdate()}),
        "document_form": BodyDocumentForm(body=body), **forms_}


def body_detail(request, body_id: int):
    body = selectors.access_body_by_id(actor=request.user, id=body_id)
    forms_ = {}
    if request.method == "POST":
        if "mandate-resident" in request.POST:
            form = forms_["mandate_form"] = MandateForm(request.POST, prefix="mandate")
            if form.is_valid():
                try:
                    services.mandate_add(body=body, **form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Mandat ajouté."))
                    return redirect("voice:body", body_id=body.pk)
        else:
            form = forms_["decision_form"] = BodyDecisionForm(request.POST, prefix="decision")
            if form.is_valid():
                try:
                    services.body_decision_add(body=body, **form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Décision ajoutée au suivi."))
                    return redirect("voice:body", body_id=body.pk)
    return render(request, "voice/body_detail.html", _body_context(body, **forms_))


def _document_upload(request, *, body, meeting=None):
    """The upload of a body's (or a meeting's) document; the checks are core.documents' (document_store)."""
    form = BodyDocumentForm(request.POST, request.FILES, body=body, meeting=meeting)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.body_document_add(actor=request.user, body=body, file=data["file"], title=data["title"],
                                       role=data["role"], meeting=meeting or data.get("meeting"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Document ajouté."))
            return redirect(*(("voice:meeting", meeting.pk) if meeting else ("voice:body", body.pk)))
    if meeting is not None:
        return render(request, "voice/meeting_form.html", _meeting_context(meeting, document_form=form), status=400)
    return render(request, "voice/body_detail.html", _body_context(body, document_form=form), status=400)


def body_document_new(request, body_id: int):
    body = selectors.access_body_by_id(actor=request.user, id=body_id)
    if (refused := _post_only(request)) is not None:
        return refused
    return _document_upload(request, body=body)


def meeting_document_new(request, meeting_id: int):
    meeting = selectors.access_meeting_by_id(actor=request.user, id=meeting_id)
    if (refused := _post_only(request)) is not None:
        return refused
    return _document_upload(request, body=meeting.body, meeting=meeting)


def body_document_delete(request, body_document_id: int):
    """Delete a body's document after a confirmation page (its file goes too, through core.documents)."""
    link = selectors.access_body_document_by_id(actor=request.user, id=body_document_id)
    back = reverse("voice:meeting", args=[link.meeting_id]) if link.meeting_id else reverse("voice:body",
                                                                                            args=[link.body_id])
    return confirm_then(
        request, do=lambda: services.body_document_remove(actor=request.user, link=link),
        done=_("Document « %(title)s » supprimé.") % {"title": link.document.title}, then=back, back=back,
        title=_("Supprimer le document ?"),
        question=_("« %(title)s » ne figurera plus parmi les documents de « %(name)s » et le fichier sera effacé. "
                   "Cette action ne peut pas être annulée.") % {"title": link.document.title, "name": link.body.name},
        confirm=_("Oui, supprimer le document"))


def mandate_end(request, mandate_id: int):
    mandate = selectors.access_mandate_by_id(actor=request.user, id=mandate_id)
    if (refused := _post_only(request)) is not None:
        return refused
    try:
        services.mandate_end(mandate=mandate, ends_on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Mandat terminé aujourd'hui."))
    return redirect("voice:body", body_id=mandate.body_id)


def meeting_new(request, body_id: int):
    body = selectors.access_body_by_id(actor=request.user, id=body_id)
    form = MeetingForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(body=body, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Réunion enregistrée."))
            return redirect("voice:meeting", meeting_id=meeting.pk)
    return render(request, "voice/meeting_form.html", {"form": form, "body": body})


def _meeting_context(meeting, **extra) -> dict:
    return {"form": MeetingForm(body=meeting.body, initial=_meeting_initial(meeting)), "body": meeting.body,
            "meeting": meeting, "documents": selectors.body_documents(body=meeting.body, meeting=meeting),
            "document_form": BodyDocumentForm(body=meeting.body, meeting=meeting), **extra}


def _meeting_initial(meeting) -> dict:
    return {"held_at": meeting.held_at, "place": meeting.place, "agenda": meeting.agenda, "minutes": meeting.minutes,
            "attendees": [r.pk for r in meeting.attendees.all()]}


def meeting_detail(request, meeting_id: int):
    meeting = selectors.access_meeting_by_id(actor=request.user, id=meeting_id)
    form = MeetingForm(request.POST or None, body=meeting.body, initial=_meeting_initial(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, agenda=form.cleaned_data["agenda"],
                                    minutes=form.cleaned_data["minutes"], attendees=form.cleaned_data["attendees"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Réunion enregistrée."))
            return redirect("voice:meeting", meeting_id=meeting.pk)
    return render(request, "voice/meeting_form.html", _meeting_context(meeting, form=form))


def decision_follow(request, decision_id: int):
    decision = selectors.access_body_decision_by_id(actor=request.user, id=decision_id)
    if (refused := _post_only(request)) is not None:
        return refused
    form = DecisionFollowForm(request.POST)
    if form.is_valid():
        try:
            services.body_decision_follow(decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Suivi de « %(title)s » enregistré.") % {"title": decision.title})
    else:
        messages.error(request, _("Choisissez un état."))
    return redirect("voice:body", body_id=decision.body_id)
