"""Resident pages of residents' voice, under /portail/voix/: the resident session opened by a magic link
(core.portal: `current_resident`) is the only way in, and it counts only on the host it was opened on.
A resident answers the open questionnaires and votes in the open consultations, phone-first; what they
did on paper (entered by the coordinator) counts the same, so they are not asked twice."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apes_platform.access import public_view
from apes_platform.forms import add_service_errors
from core.portal.views import current_resident
from core.voice import selectors, services
from core.voice.forms import AnswerForm, BallotForm
from core.voice.models import AnswerSource, BallotChannel


def _refused(request):
    return render(request, "portal/refused.html", status=403)


@public_view
@never_cache
def portal_home(request):
    resident = current_resident(request)
    if resident is None:
        return _refused(request)
    questionnaires = [(q, selectors.resident_has_answered(questionnaire=q, resident=resident))
                      for q in selectors.open_questionnaires()]
    consultations = [(c, selectors.resident_has_voted(consultation=c, resident=resident))
                     for c in selectors.open_consultations()]
    return render(request, "voice/portal/home.html", {"resident": resident, "questionnaires": questionnaires,
                                                      "consultations": consultations})


@public_view
@never_cache
def portal_questionnaire(request, questionnaire_key):
    resident = current_resident(request)
    if resident is None:
        return _refused(request)
    questionnaire = selectors.access_questionnaire_by_key(questionnaire_key)
    if not questionnaire.is_open_on(timezone.localdate()):
        return render(request, "voice/portal/closed.html", {"what": questionnaire.title}, status=410)
    if selectors.resident_has_answered(questionnaire=questionnaire, resident=resident):
        return render(request, "voice/portal/done.html", {"what": questionnaire.title, "already": True})
    version = selectors.current_version(questionnaire=questionnaire)
    form = AnswerForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_record(questionnaire=questionnaire, answers=form.answers(),
                                       source=AnswerSource.PORTAL, resident=resident)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Merci, vos réponses sont enregistrées."))
            return redirect("voice_portal:home")
    return render(request, "voice/portal/questionnaire.html", {"questionnaire": questionnaire, "form": form})


@public_view
@never_cache
def portal_consultation(request, consultation_key):
    resident = current_resident(request)
    if resident is None:
        return _refused(request)
    consultation = selectors.access_consultation_by_key(consultation_key)
    if not consultation.is_open_at(timezone.now()):
        return render(request, "voice/portal/closed.html", {"what": consultation.question}, status=410)
    if selectors.resident_has_voted(consultation=consultation, resident=resident):
        return render(request, "voice/portal/done.html", {"what": consultation.question, "already": True})
    form = BallotForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(consultation=consultation, resident=resident, option_ids=form.option_ids(),
                                 channel=BallotChannel.ONLINE)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Merci, votre vote est enregistré."))
            return redirect("voice_portal:home")
    return render(request, "voice/portal/consultation.html", {"consultation": consultation, "form": form})
