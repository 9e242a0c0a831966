"""Pages of the landlords' calls on the bare domain.

Applicants (no account) work through their link (`/candidater/…`); the head office, the funding landlords'
viewers and the committee members through `/appels-bailleurs/…`, each reading only what the selectors give
them (404 otherwise)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apes_platform.access import public_view
from apes_platform.downloads import download_response, stored_file_response
from apes_platform.forms import add_service_errors
from apes_platform.lists import render_filtered_list
from network.calls import forms, selectors, services
from network.calls.models import AccessLink, ApplicationStatus, Attachment, Call
from tenants.models import User


def _link_url(request, name):
    return lambda token: request.build_absolute_uri(reverse(name, args=[token]))


# --- Applicants -------------------------------------------------------------------------------------------------

@public_view
def open_calls(request):
    """The open calls, for anyone: what they fund, until when."""
    today = timezone.localdate()
    calls = Call.objects.filter(opens_on__lte=today, deadline__gte=timezone.now()).order_by("deadline")
    return render(request, "landlord_calls/open_calls.html", {"calls": calls})


@public_view
def call_apply(request, landlord_call_id):
    """An open call's presentation and the form that sends the applicant its link."""
    call = get_object_or_404(Call.objects.filter(opens_on__lte=timezone.localdate(), deadline__gte=timezone.now()),
                             pk=landlord_call_id)
    form = forms.StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_start(call=call, link_url=_link_url(request, "landlord_calls:draft"),
                                       **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "landlord_calls/link_sent.html", {"call": call,
                                                                     "email": form.cleaned_data["contact_email"]})
    return render(request, "landlord_calls/call_apply.html", {"call": call, "form": form})


@public_view
def draft(request, access_token):
    """The applicant's own application, opened by its link only: edit the draft, then submit; read-only after."""
    application = selectors.application_for_token(token=access_token, purpose=AccessLink.Purpose.APPLY)
    call = application.call
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = forms.ApplicationForm(request.POST if action == "save" else None, instance=application, call=call)
    line_form = forms.BudgetLineForm(request.POST if action == "line" else None)
    target_form = forms.TargetForm(request.POST if action == "target" else None)
    attachment_form = forms.AttachmentForm(request.POST if action == "attachment" else None,
                                           request.FILES if action == "attachment" else None)
    submit_errors = []
    if action:
        try:
            if action == "save" and form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k != "residences"}
                services.application_update(application=application, residences=form.cleaned_data["residences"],
                                            **data)
                messages.success(request, _("Brouillon enregistré."))
                return redirect(request.path)
            if action == "line" and line_form.is_valid():
                services.budget_line_add(application=application, **line_form.cleaned_data)
                return redirect(request.path + "#budget")
            if action == "target" and target_form.is_valid():
                services.target_add(application=application, **target_form.cleaned_data)
                return redirect(request.path + "#objectifs")
            if action == "attachment" and attachment_form.is_valid():
                services.attachment_add(application=application, **attachment_form.cleaned_data)
                return redirect(request.path + "#pieces")
            if action == "delete_line":
                services.line_delete(application=application, line_id=int(request.POST.get("id") or 0))
                return redirect(request.path + "#budget")
            if action == "delete_target":
                services.target_delete(application=application, target_id=int(request.POST.get("id") or 0))
                return redirect(request.path + "#objectifs")
            if action == "submit":
                services.application_submit(application=application)
                messages.success(request, _("Dossier déposé : un accusé de réception vous a été envoyé."))
                return redirect(request.path)
        except ValidationError as exc:
            target = {"save": form, "line": line_form, "target": target_form, "attachment": attachment_form}.get(action)
            if target is not None:
                add_service_errors(target, exc)
            else:
                submit_errors = [f"{m}" for messages_ in exc.message_dict.values() for m in messages_] \
                    if hasattr(exc, "error_dict") else exc.messages
        except ValueError as exc:
            raise Http404 from exc
    application.refresh_from_db()
    return render(request, "landlord_calls/draft.html", {
        "application": application, "call": call, "form": form, "line_form": line_form, "target_form": target_form,
        "attachment_form": attachment_form, "submit_errors": submit_errors, "token": access_token,
        "frozen": not application.is_draft,
    })


@public_view
def applicant_attachment(request, access_token, attachment_id):
    """An attachment of the applicant's own application, through its link."""
    application = selectors.application_for_token(token=access_token)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    return stored_file_response(attachment.file, filename=attachment.original_name,
                                content_type=attachment.content_type)


@public_view
def result_report(request, access_token):
    """The laureate's carrying association files a result report (actual value per target, narrative, file)."""
    application = selectors.application_for_token(token=access_token, purpose=AccessLink.Purpose.REPORT)
    agreement = getattr(application, "agreement", None)
    if agreement is None:
        raise Http404
    form = forms.ResultReportForm(request.POST or None, request.FILES or None, targets=application.targets.all())
    if request.method == "POST" and form.is_valid():
        actuals = {t.pk: form.cleaned_data[f"target_{t.pk}"] for t in form.targets}
        try:
            services.result_report_file(application=application, year=form.cleaned_data["year"],
                                        narrative=form.cleaned_data["narrative"], actuals=actuals,
                                        files=[form.cleaned_data["file"]] if form.cleaned_data.get("file") else [])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Compte rendu déposé. Merci !"))
            return redirect(request.path)
    return render(request, "landlord_calls/result_report.html", {
        "application": application, "agreement": agreement, "form": form,
        "rows": selectors.targets_vs_actuals(agreement=agreement)})


# --- Head office, landlords, committee ---------------------------------------------------------------------

CALL_COLUMNS = [
    (gettext_lazy("Appel"), lambda c: c.title),
    (gettext_lazy("Bailleurs"), lambda c: ", ".join(f"{f.landlord.short_name} {f.share:g} %" for f in c.funders.all())),
    (gettext_lazy("Enveloppe (€)"), lambda c: c.envelope),
    (gettext_lazy("Date limite"), lambda c: timezone.localtime(c.deadline).strftime("%d/%m/%Y %H:%M")),
    (gettext_lazy("Dossiers déposés"), lambda c: c.applications.exclude(status=ApplicationStatus.DRAFT).count()),
]


def _staff(request):
    user = request.user
    if not (user.is_head_office or user.is_landlord_viewer or user.call_seats.exists()):
        raise Http404
    return user


@login_required
def call_list(request):
    actor = _staff(request)
    return render_filtered_list(
        request, filter_form_class=forms.CallFilterForm, selector=lambda **f: selectors.call_search(actor=actor, **f),
        template="landlord_calls/call_list.html", per_page=25, export_columns=CALL_COLUMNS,
        export_filename="appels-bailleurs")


@login_required
def call_new(request):
    if not request.user.is_head_office:
        raise Http404
    form = forms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        funders = data.pop("funders")
        residences = services.eligible_residences(landlord_ids=[l.pk for l, _s in funders])
        try:
            call = services.call_create(actor=request.user, funders=funders, residences=residences, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Appel ouvert."))
            return redirect("landlord_calls:call", call.pk)
    return render(request, "landlord_calls/call_form.html", {"form": form})


@login_required
def call_detail(request, landlord_call_id):
    call = selectors.access_call_by_id(actor=request.user, id=landlord_call_id)
    head_office = request.user.is_head_office
    action = request.POST.get("action", "") if request.method == "POST" and head_office else ""
    member_form = forms.MemberForm(request.POST if action == "member" else None)
    meeting = getattr(call, "meeting", None) if hasattr(call, "meeting") else None
    initial = {"held_on": meeting.held_on, "hearings": meeting.hearings, "notes": meeting.notes,
               "present": list(meeting.present.all())} if meeting else {"held_on": call.committee_on}
    meeting_form = forms.MeetingForm(request.POST if action == "meeting" else None, call=call, initial=initial)
    if request.method == "POST" and not head_office:
        raise Http404
    try:
        if action == "member" and member_form.is_valid():
            user = User.objects.filter(email__iexact=member_form.cleaned_data["email"]).first()
            if user is None:
                raise ValidationError({"email": [_("Aucun compte avec cet e-mail.")]})
            services.member_add(actor=request.user, call=call, user=user)
            return redirect(request.path + "#comite")
        if action == "meeting" and meeting_form.is_valid():
            services.meeting_save(actor=request.user, call=call, **meeting_form.cleaned_data)
            return redirect(request.path + "#reunion")
    except ValidationError as exc:
        add_service_errors(member_form if action == "member" else meeting_form, exc)
    return render(request, "landlord_calls/call_detail.html", {
        "call": call, "ranking": selectors.ranking(call=call), "members": call.members.select_related("user"),
        "meeting": meeting, "member_form": member_form, "meeting_form": meeting_form, "head_office": head_office,
        "funders": call.funders.select_related("landlord"), "residences": call.residences.all(),
    })


@login_required
def minutes_pdf(request, landlord_call_id):
    """The committee's minutes: date, attendance, hearings, the decision on each application."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    call = selectors.access_call_by_id(actor=request.user, id=landlord_call_id)
    meeting = getattr(call, "meeting", None) if hasattr(call, "meeting") else None
    if meeting is None:
        raise Http404
    html = render_to_string("landlord_calls/minutes.html", {
        "call": call, "meeting": meeting, "present": meeting.present.select_related("user"),
        "ranking": selectors.ranking(call=call)}, request=request)
    return download_response(HTML(string=html).write_pdf(), filename=f"proces-verbal-appel-{call.pk}.pdf",
                             content_type="application/pdf")


@login_required
def application_detail(request, call_application_id):
    application = selectors.access_application_by_id(actor=request.user, id=call_application_id)
    call = application.call
    user = request.user
    seat = selectors.seat_of(actor=user, call=call)
    conflict = seat is not None and seat.conflicts.filter(application=application).exists()
    criteria = list(call.criteria.all())
    current = {s.criterion_id: s.value for s in application.scores.filter(member=seat)} if seat else {}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = lambda name: request.POST if action == name else None  # noqa: E731
    score_form = forms.ScoreForm(bound("score"), criteria=criteria, current=current)
    conflict_form = forms.ConflictForm(bound("conflict"))
    eligibility_form = forms.EligibilityForm(bound("eligibility"))
    decision_form = forms.DecisionForm(bound("decision"))
    forms_by_action = {"score": score_form, "conflict": conflict_form, "eligibility": eligibility_form,
                       "decision": decision_form}
    if action:
        form = forms_by_action.get(action)
        if form is None or (action in ("eligibility", "decision") and not user.is_head_office):
            raise Http404
        try:
            if form.is_valid():
                if action == "score":
                    for criterion in criteria:
                        services.score_set(actor=user, application=application, criterion=criterion,
                                           value=form.cleaned_data[f"criterion_{criterion.pk}"])
                    messages.success(request, _("Notes enregistrées."))
                elif action == "conflict":
                    services.conflict_declare(actor=user, application=application, **form.cleaned_data)
                elif action == "eligibility":
                    services.eligibility_set(actor=user, application=application, **form.cleaned_data)
                elif action == "decision":
                    services.decision_set(actor=user, application=application, **form.cleaned_data)
                return redirect(request.path)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
    scores = application.scores.select_related("member__user", "criterion").order_by("member_id", "criterion__order")
    return render(request, "landlord_calls/application_detail.html", {
        "application": application, "call": call, "seat": seat, "conflict": conflict, "scores": scores,
        "score_form": score_form, "conflict_form": conflict_form, "eligibility_form": eligibility_form,
        "decision_form": decision_form, "head_office": user.is_head_office,
        "may_score": seat is not None and not conflict and application.status == ApplicationStatus.ELIGIBLE,
        "decision": getattr(application, "decision", None) if hasattr(application, "decision") else None,
    })


@login_required
def attachment_download(request, attachment_id):
    attachment = selectors.access_attachment_by_id(actor=request.user, id=attachment_id)
    return stored_file_response(attachment.file, filename=attachment.original_name,
                                content_type=attachment.content_type)


@login_required
def laureate_list(request):
    _staff(request)
    rows = selectors.laureate_rows(agreements=selectors.agreement_list_for_user(actor=request.user).order_by("-id"))
    return render(request, "landlord_calls/laureate_list.html", {"rows": rows})


@login_required
def laureate_detail(request, laureate_id):
    agreement = selectors.access_agreement_by_id(actor=request.user, id=laureate_id)
    head_office = request.user.is_head_office
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not head_office:
        raise Http404
    instalment_form = forms.InstalmentForm(request.POST if action == "instalment" else None)
    payment_form = forms.PaymentForm(request.POST if action == "payment" else None, agreement=agreement)
    try:
        if action == "instalment" and instalment_form.is_valid():
            services.instalment_add(actor=request.user, agreement=agreement, **instalment_form.cleaned_data)
            return redirect(request.path)
        if action == "payment" and payment_form.is_valid():
            services.payment_record(actor=request.user, **payment_form.cleaned_data)
            return redirect(request.path)
        if action == "report_link":
            services.report_link_send(actor=request.user, agreement=agreement,
                                      link_url=_link_url(request, "landlord_calls:result-report"))
            messages.success(request, _("Lien de compte rendu envoyé à l'association."))
            return redirect(request.path)
    except ValidationError as exc:
        add_service_errors(instalment_form if action == "instalment" else payment_form, exc)
    return render(request, "landlord_calls/laureate_detail.html", {
        "agreement": agreement, "application": agreement.application, "head_office": head_office,
        "instalments": agreement.instalments.prefetch_related("payments"),
        "paid": selectors.agreement_paid(agreement=agreement), "rows": selectors.targets_vs_actuals(agreement=agreement),
        "reports": agreement.reports.all(), "instalment_form": instalment_form, "payment_form": payment_form,
    })


@login_required
def report_detail(request, result_report_id):
    report = selectors.access_report_by_id(actor=request.user, id=result_report_id)
    return render(request, "landlord_calls/report_detail.html", {
        "report": report, "agreement": report.agreement, "values": report.values.select_related("target"),
        "attachments": report.attachments.all()})
