"""The coordinator's privacy screens for one resident: consents, sensitive record, audit trail,
subject access export and erasure. Thin: they call selectors and services."""
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.downloads import download_response
from apes_platform.lists import render_filtered_list
from apes_platform.forms import add_service_errors
from core.people.forms import ResidentFilterForm
from core.people.selectors import resident_list
from core.privacy import selectors, services
from core.privacy.forms import ConsentForm, ConsentWithdrawForm, EraseForm, SensitiveRecordForm
from core.privacy.models import Anonymisation
from core.privacy.subject_access import subject_access_data, subject_access_pdf


def privacy_index(request):
    return render_filtered_list(request, filter_form_class=ResidentFilterForm, selector=resident_list,
                                template="privacy/index.html", per_page=50)


def _context(request, resident, **extra):
    return {
        "resident": resident,
        "can_access_sensitive": selectors.user_can_access_sensitive(user=request.user),
        "anonymisation": Anonymisation.objects.filter(resident=resident).first(),
        **extra,
    }


def resident_privacy(request, resident_id: int):
    resident = selectors.access_resident_by_id(actor=request.user, id=resident_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(resident=resident, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Le consentement est enregistré."))
            return redirect("privacy:resident", resident_id=resident.pk)
    return render(request, "privacy/resident.html", _context(
        request, resident, form=form, consents=selectors.consent_list(resident=resident),
        withdraw_form=ConsentWithdrawForm(initial={"withdrawn_on": timezone.localdate()}),
    ))


def consent_withdraw(request, resident_id: int, consent_id: int):
    resident = selectors.access_resident_by_id(actor=request.user, id=resident_id)
    consent = resident.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404(_("Consentement introuvable"))
    if request.method != "POST":
        # After the lookup: another residence's ids get 404, not a hint that the route exists.
        return HttpResponseNotAllowed(["POST"])
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"])
            messages.success(request, _("Le retrait du consentement est enregistré."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Date de retrait invalide."))
    return redirect("privacy:resident", resident_id=resident.pk)


def sensitive_record(request, resident_id: int):
    resident = selectors.access_resident_by_id(actor=request.user, id=resident_id)
    if not selectors.user_can_access_sensitive(user=request.user):
        raise PermissionDenied(_("Accès aux informations sensibles non autorisé."))
    if request.method == "POST":
        form = SensitiveRecordForm(request.POST)
        if form.is_valid():
            services.sensitive_record_save(resident=resident, user=request.user, **form.cleaned_data)
            messages.success(request, _("Les informations sensibles sont enregistrées."))
            return redirect("privacy:sensitive", resident_id=resident.pk)
    else:
        record = services.sensitive_record_read(resident=resident, user=request.user)
        initial = {f: getattr(record, f) for f in ("autonomy", "health_situation", "free_note")} if record else {}
        form = SensitiveRecordForm(initial=initial)
    return render(request, "privacy/sensitive.html", _context(request, resident, form=form))


def resident_audit(request, resident_id: int):
    resident = selectors.access_resident_by_id(actor=request.user, id=resident_id)
    page = Paginator(selectors.audit_entries_for_resident(resident_id=resident.pk), 50).get_page(
        request.GET.get("page"))
    rows = [(entry, selectors.audit_entry_changes(entry)) for entry in page.object_list]
    return render(request, "privacy/audit.html", _context(request, resident, page=page, rows=rows))


def _subject_access(request, resident):
    include_sensitive = selectors.user_can_access_sensitive(user=request.user)
    if include_sensitive:
        services.sensitive_record_read(resident=resident, user=request.user)
    return subject_access_data(resident=resident, include_sensitive=include_sensitive)


def export_json(request, resident_id: int):
    resident = selectors.access_resident_by_id(actor=request.user, id=resident_id)
    data = _subject_access(request, resident)
    return download_response(json.dumps(data, ensure_ascii=False, indent=2), filename=f"habitant-{resident.pk}.json",
                             content_type="application/json")


def export_pdf(request, resident_id: int):
    resident = selectors.access_resident_by_id(actor=request.user, id=resident_id)
    data = _subject_access(request, resident)
    return download_response(subject_access_pdf(resident=resident, data=data), filename=f"habitant-{resident.pk}.pdf",
                             content_type="application/pdf")


def resident_erase(request, resident_id: int):
    resident = selectors.access_resident_by_id(actor=request.user, id=resident_id)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.resident_erase(resident=resident)
        messages.success(request, _("Les données de la personne sont effacées ; ses présences restent comptées "
                                    "de façon anonyme."))
        return redirect("privacy:resident", resident_id=resident.pk)
    return render(request, "privacy/erase.html", _context(request, resident, form=form))
