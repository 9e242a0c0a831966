from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.http import HttpResponseNotAllowed

from apes_platform.confirm import confirm_then
from apes_platform.exports import FORMATS, export_response
from apes_platform.forms import add_service_errors, post_on_detail, user_label
from apes_platform.lists import render_filtered_list
from apes_platform.redirects import safe_next
from core.documents.forms import DocumentUploadForm
from core.documents.services import document_store
from core.partners.forms import (
    ContactForm,
    InteractionFilterForm,
    InteractionForm,
    MeetingFilterForm,
    MeetingForm,
    MergeForm,
    NetworkFilterForm,
    PartnerCreateForm,
    PartnerFilterForm,
    PartnerForm,
    StatusForm,
)
from core.partners.selectors import (
    access_contact_by_id,
    access_interaction_by_id,
    access_meeting_by_id,
    access_partner_by_id,
    interaction_list,
    network_meeting_list,
    network_view,
    partner_duplicates,
    partner_list,
    partner_story,
)
from core.partners.services import (
    interaction_next_step_done,
    interaction_record,
    network_meeting_save,
    partner_contact_add,
    partner_contact_remove,
    partner_create,
    partner_merge,
    partner_status_set,
    partner_update,
)


def _yes_no(value) -> str:
    return _("oui") if value else _("non")


PARTNER_COLUMNS = [
    (gettext_lazy("Nom"), lambda p: p.name),
    (gettext_lazy("Type"), lambda p: p.get_kind_display()),
    (gettext_lazy("Échelle"), lambda p: p.get_scope_display()),
    (gettext_lazy("Domaines d'action"), lambda p: ", ".join(p.area_labels)),
    (gettext_lazy("Statut"), lambda p: p.get_status_display()),
    (gettext_lazy("Statut depuis le"), lambda p: p.status_changed_on),
    (gettext_lazy("Dernier échange"), lambda p: p.last_interaction_on),
    (gettext_lazy("Adresse"), lambda p: p.address),
    (gettext_lazy("Code postal"), lambda p: p.postcode),
    (gettext_lazy("Ville"), lambda p: p.city),
    (gettext_lazy("Site web"), lambda p: p.website),
    (gettext_lazy("SIRET"), lambda p: p.siret),
    (gettext_lazy("RNA"), lambda p: p.rna),
    (gettext_lazy("Contact"), lambda p: p.contact_name),
    (gettext_lazy("E-mail"), lambda p: p.email),
    (gettext_lazy("Téléphone"), lambda p: p.phone),
    (gettext_lazy("Tiers intervenant"), lambda p: _yes_no(p.runs_workshops)),
    (gettext_lazy("Actif"), lambda p: _yes_no(p.is_active)),
    (gettext_lazy("Doublon possible"), lambda p: _yes_no(p.has_duplicate)),
]

INTERACTION_COLUMNS = [
    (gettext_lazy("Date"), lambda i: i.date),
    (gettext_lazy("Partenaire"), lambda i: i.partner.name),
    (gettext_lazy("Type"), lambda i: i.get_kind_display()),
    (gettext_lazy("Note"), lambda i: i.note),
    (gettext_lazy("Prochaine étape"), lambda i: i.next_step),
    (gettext_lazy("À faire pour le"), lambda i: i.next_step_due),
    (gettext_lazy("Fait le"), lambda i: i.next_step_done_on),
]

MEETING_COLUMNS = [
    (gettext_lazy("Date"), lambda m: m.date),
    (gettext_lazy("Intitulé"), lambda m: m.title),
    (gettext_lazy("Lieu"), lambda m: m.place),
    (gettext_lazy("Invités"), lambda m: m.invited_count),
    (gettext_lazy("Présents"), lambda m: m.present_count),
    (gettext_lazy("Décisions"), lambda m: m.decisions),
]


def partner_index(request):
    return render_filtered_list(request, filter_form_class=PartnerFilterForm, selector=partner_list,
                                template="partners/partner_list.html", per_page=25, export_columns=PARTNER_COLUMNS,
                                export_filename="partenaires")


def partner_new(request):
    form = PartnerCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partner_create(recorded_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partenaire « %(name)s » enregistré.") % {"name": partner.name})
            if partner_duplicates(partner=partner).exists():
                messages.warning(request, _("Ce partenaire ressemble à un partenaire déjà enregistré (même SIRET, "
                                            "ou même nom et même ville) : vérifiez et fusionnez si besoin."))
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_form.html", {"form": form})


def partner_edit(request, partner_id: int):
    partner = access_partner_by_id(actor=request.user, id=partner_id)
    form = PartnerForm.for_partner(partner, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner_update(partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partenaire « %(name)s » enregistré.") % {"name": form.cleaned_data["name"]})
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


def _detail_context(request, partner, **forms):
    today = timezone.localdate()
    context = {
        "partner": partner, "story": partner_story(partner=partner),
        "contacts": list(partner.contacts.all()), "duplicates": list(partner_duplicates(partner=partner)),
        "interaction_form": InteractionForm(initial={"date": today}), "contact_form": ContactForm(),
        "status_form": StatusForm(initial={"status": partner.status, "changed_on": today}),
        "document_form": DocumentUploadForm(), "today": today,
    }
    context.update(forms)
    return context


def partner_detail(request, partner_id: int):
    partner = access_partner_by_id(actor=request.user, id=partner_id)
    return render(request, "partners/partner_detail.html", _detail_context(request, partner))


def _post_on_partner(request, partner_id, form_class, context_name, action, success):
    return post_on_detail(
        request, load=lambda: access_partner_by_id(actor=request.user, id=partner_id), form_class=form_class,
        form_name=context_name, action=action, success=success, template="partners/partner_detail.html",
        context=lambda partner, **forms: _detail_context(request, partner, **forms), redirect_to="partners:detail")


def interaction_new(request, partner_id: int):
    return _post_on_partner(request, partner_id, InteractionForm, "interaction_form",
                            lambda p, data: interaction_record(partner=p, recorded_by=user_label(request), **data),
                            _("Échange enregistré."))


def contact_new(request, partner_id: int):
    return _post_on_partner(request, partner_id, ContactForm, "contact_form",
                            lambda p, data: partner_contact_add(partner=p, **data), _("Contact ajouté."))


def status_change(request, partner_id: int):
    return _post_on_partner(request, partner_id, StatusForm, "status_form",
                            lambda p, data: partner_status_set(partner=p, recorded_by=user_label(request), **data),
                            _("Statut du partenariat mis à jour."))


def document_new(request, partner_id: int):
    def attach(partner, data):
        document = document_store(actor=request.user, **data)
        partner.documents.add(document)

    return _post_on_partner(request, partner_id, DocumentUploadForm, "document_form", attach,
                            _("Document ajouté."))


def contact_delete(request, contact_id: int):
    contact = access_contact_by_id(actor=request.user, id=contact_id)
    partner = reverse("partners:detail", args=[contact.partner_id])
    return confirm_then(
        request, do=lambda: partner_contact_remove(contact=contact), done=_("Contact supprimé."), then=partner,
        back=partner, title=_("Supprimer le contact ?"),
        question=_("« %(name)s » ne figurera plus parmi les contacts de %(partner)s.") % {
            "name": contact.name, "partner": contact.partner.name},
        confirm=_("Oui, supprimer le contact"))


def next_step_done(request, interaction_id: int):
    interaction = access_interaction_by_id(actor=request.user, id=interaction_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        interaction_next_step_done(interaction=interaction)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Étape « %(step)s » marquée comme faite.") % {"step": interaction.next_step})
    # Back where the step was ticked (the home page posts its own path), through the one `next` rule.
    return redirect(safe_next(request, default=reverse("partners:detail", args=[interaction.partner_id])))


def partner_merge_view(request, partner_id: int, duplicate_id: int):
    keep = access_partner_by_id(actor=request.user, id=partner_id)
    duplicate = access_partner_by_id(actor=request.user, id=duplicate_id)
    form = MergeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            partner_merge(keep=keep, duplicate=duplicate, recorded_by=user_label(request))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("« %(dup)s » a été fusionné dans « %(keep)s ».") % {
                "dup": duplicate.name, "keep": keep.name})
            return redirect("partners:detail", keep.pk)
    return render(request, "partners/partner_merge.html", {"keep": keep, "duplicate": duplicate, "form": form,
                                                           "error": error})


def interaction_index(request):
    return render_filtered_list(request, filter_form_class=InteractionFilterForm, selector=interaction_list,
                                template="partners/interaction_list.html", per_page=50,
                                export_columns=INTERACTION_COLUMNS, export_filename="echanges-partenaires")


def meeting_index(request):
    return render_filtered_list(request, filter_form_class=MeetingFilterForm, selector=network_meeting_list,
                                template="partners/meeting_list.html", per_page=25, export_columns=MEETING_COLUMNS,
                                export_filename="reunions-reseau")


def meeting_form(request, meeting_id: int | None = None):
    meeting = access_meeting_by_id(actor=request.user, id=meeting_id) if meeting_id else None
    initial = {}
    if meeting:
        initial = {"title": meeting.title, "date": meeting.date, "place": meeting.place, "minutes": meeting.minutes,
                   "decisions": meeting.decisions, "invited": list(meeting.invited.all()),
                   "present": list(meeting.present.all())}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = network_meeting_save(meeting=meeting, recorded_by=user_label(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Réunion « %(title)s » enregistrée.") % {"title": saved.title})
            return redirect("partners:meeting", saved.pk)
    return render(request, "partners/meeting_form.html", {"form": form, "meeting": meeting})


def meeting_detail(request, meeting_id: int):
    meeting = access_meeting_by_id(actor=request.user, id=meeting_id)
    return render(request, "partners/meeting_detail.html", {"meeting": meeting})


def network(request):
    filters = NetworkFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    view = network_view(**criteria)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        rows = [(w, p) for w in view.works for p in view.partners if p.pk in w.partner_ids]
        kinds = {"activity": _("animation"), "meeting": _("réunion de réseau"), "project": _("projet d'habitants"),
                 "application": _("dossier de candidature")}
        columns = [(_("Partenaire"), lambda r: r[1].name), (_("Travail commun"), lambda r: r[0].label),
                   (_("Nature"), lambda r: kinds.get(r[0].kind, r[0].kind))]
        return export_response(rows, columns, filename="reseau-partenaires", fmt=fmt)
    matrix = [(work, [p.pk in work.partner_ids for p in view.partners]) for work in view.works]
    return render(request, "partners/network.html", {"filters": filters, "view": view, "matrix": matrix})
