"""Writes of the network of practice.

A sheet is written on its residence's host (the connection on that residence's schema, so the name
check reads its residents through `core.people.selectors`); only its own text and skeleton are kept
in the public table. The head office reviews and publishes on the bare domain. « Faire pareil chez
nous » runs on the reader's residence host and copies through that residence's own services."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.stored_files import atomic_with_files, file_written, remove_once_committed
from network.practice.models import (
    EventRegistration,
    NetworkEvent,
    NetworkResource,
    ParticipantKind,
    PracticeSheet,
    ResourceVersion,
    SheetReuse,
    SheetStatus,
    SourceKind,
    size_band_for,
)

# The text fields a coordinator writes, in the order of the form (checked for names before submission).
TEXT_FIELDS = ("title", "context", "objectives", "how", "partner_kinds", "budget", "what_worked", "pitfalls",
               "materials")
EDITABLE_FIELDS = (*TEXT_FIELDS, "theme", "audience", "cost_band")


def _current_residence():
    from tenants.models import Residence

    residence = getattr(connection, "tenant", None)
    if isinstance(residence, Residence):
        return residence
    return Residence.objects.filter(schema_name=connection.schema_name).first()


def _require_head_office(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_active and actor.is_head_office):
        raise PermissionDenied(_("Réservé au siège."))


# --- Writing a sheet (residence host) ----------------------------------------------------------------

def _project_skeleton(project) -> dict:
    from core.funding.selectors import funding_plan

    activity = project.activities.order_by("starts_at").first()
    return {
        "project": {
            "title": project.title, "kind": project.kind, "need": project.need,
            "tasks": [{"title": t.title} for t in project.tasks.order_by("id")],
            "targets": [{"label": t.label, "target": t.target} for t in project.targets.order_by("id")],
            "funding_lines": [{"source": line.source, "label": line.label, "planned": str(line.planned)}
                              for line in funding_plan(project=project).lines
                              if line.source != "application"],
        },
        "activity": _activity_shape(activity, default_title=project.title),
    }


def _activity_shape(activity, *, default_title: str) -> dict:
    if activity is None:
        return {"title": default_title, "kind": "workshop", "audience": "all", "duration_minutes": 120,
                "capacity": None, "is_intergenerational": False}
    minutes = int((activity.ends_at - activity.starts_at).total_seconds() // 60)
    return {"title": activity.title, "kind": activity.kind, "audience": activity.audience,
            "duration_minutes": max(15, min(minutes, 24 * 60)), "capacity": activity.capacity,
            "is_intergenerational": activity.is_intergenerational}


@transaction.atomic
def sheet_start(*, actor, source_kind: str, source_id) -> PracticeSheet:
    """A draft sheet of the current residence, written from a residents' project (its review fills
    « what worked » and « pitfalls ») or an activity series; the source is looked up with the actor."""
    residence = _current_residence()
    if residence is None:
        raise PermissionDenied
    if source_kind == SourceKind.PROJECT:
        from core.projects.selectors import access_project_by_id

        project = access_project_by_id(actor=actor, id=source_id)
        sheet = PracticeSheet(title=project.title, context=project.need, what_worked=project.review_worked,
                              pitfalls=project.review_pass_on, skeleton=_project_skeleton(project))
    elif source_kind == SourceKind.SERIES:
        from core.activities.selectors import access_series_by_id, series_next_session

        series = access_series_by_id(actor=actor, id=source_id)
        first = series.occurrences.order_by("starts_at").first() or series_next_session(series=series)
        shape = _activity_shape(first, default_title=str(series))
        sheet = PracticeSheet(title=shape["title"], skeleton={"activity": shape},
                              how=str(series.get_frequency_display()))
    else:
        raise ValidationError({"source_kind": [_("Choisissez un projet ou une série d'animations.")]})
    sheet.residence = residence
    sheet.source_kind = source_kind
    sheet.source_id = int(source_id)
    sheet.size_band = size_band_for(residence.dwellings or 0)
    sheet.author = actor
    sheet.full_clean()
    sheet.save()
    return sheet


def _refuse_unless_draft(sheet: PracticeSheet) -> None:
    if sheet.status != SheetStatus.DRAFT:
        raise ValidationError({"status": [_("Cette fiche est soumise au siège : elle ne se modifie plus.")]})


@atomic_with_files()
def sheet_update(*, sheet: PracticeSheet, photo=None, remove_photo: bool = False, photo_shows_no_one=None,
                 activity: dict | None = None, **fields) -> PracticeSheet:
    """Only a draft changes. A photo is kept only if marked as showing no one (also a DB constraint)."""
    _refuse_unless_draft(sheet)
    stored_photo = PracticeSheet.objects.filter(pk=sheet.pk).values_list("photo", flat=True).first() or ""
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"unknown sheet field {name!r}")
        setattr(sheet, name, value.strip() if isinstance(value, str) else value)
    if photo_shows_no_one is not None:
        sheet.photo_shows_no_one = bool(photo_shows_no_one)
    if remove_photo:
        sheet.photo = ""
    if photo is not None:
        from core.documents.detection import JPEG, PNG
        from core.documents.services import document_file_problem

        problem, _found = document_file_problem(file=photo, allowed_types=[PNG, JPEG])
        if problem:
            raise ValidationError({"photo": [problem]})
        if not sheet.photo_shows_no_one:
            raise ValidationError({"photo": [_("Une photo n'est acceptée que si elle ne montre personne : "
                                               "cochez « la photo ne montre personne » ou retirez-la.")]})
        sheet.photo = photo
    if sheet.photo and not sheet.photo_shows_no_one:
        raise ValidationError({"photo_shows_no_one": [_("Une photo n'est acceptée que si elle ne montre personne.")]})
    if activity is not None:
        sheet.skeleton = {**sheet.skeleton, "activity": {**sheet.skeleton.get("activity", {}), **activity}}
    sheet.full_clean()
    if photo is not None:
        sheet.photo.save(photo.name, photo, save=False)
        file_written(sheet.photo)
    sheet.save()
    if stored_photo and stored_photo != sheet.photo.name:  # replaced or removed: the old file goes too
        remove_once_committed(sheet.photo.storage, [stored_photo])
    return sheet


@dataclass(frozen=True)
class NameMatch:
    field: str
    found: str
    excerpt: str

    @property
    def label(self) -> str:
        if self.field in TEXT_FIELDS:
            return str(PracticeSheet._meta.get_field(self.field).verbose_name)
        return _("projet repris (tâches, objectifs)")


def _fold(text: str) -> str:
    """Lower case without accents, so « Hélène » matches « helene »; one character for one character."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def _patterns() -> list[tuple[str, re.Pattern]]:
    """(shown form, pattern) for each resident: « Prénom I. », the pseudonym, and the first name alone."""
    from core.people.selectors import resident_name_forms

    found: dict[str, re.Pattern] = {}
    for first, initial, pseudonym in resident_name_forms():
        first, initial, pseudonym = (first or "").strip(), (initial or "").strip(" ."), (pseudonym or "").strip()
        if len(first) >= 2:
            found.setdefault(first, re.compile(rf"(?<!\w){re.escape(_fold(first))}(?!\w)"))
            if initial:
                shown = f"{first} {initial}."
                found.setdefault(shown, re.compile(
                    rf"(?<!\w){re.escape(_fold(first))}\s+{re.escape(_fold(initial))}(?!\w)"))
        if len(pseudonym) >= 2:
            found.setdefault(pseudonym, re.compile(rf"(?<!\w){re.escape(_fold(pseudonym))}(?!\w)"))
    return list(found.items())


def _texts(sheet: PracticeSheet) -> list[tuple[str, str]]:
    texts = [(name, getattr(sheet, name) or "") for name in TEXT_FIELDS]
    project = sheet.skeleton.get("project") or {}
    texts.append(("skeleton", " \n".join(
        [project.get("title", ""), project.get("need", ""), (sheet.skeleton.get("activity") or {}).get("title", "")]
        + [t.get("title", "") for t in project.get("tasks", [])]
        + [t.get("label", "") for t in project.get("targets", [])]
        + [line.get("label", "") for line in project.get("funding_lines", [])])))
    return texts


def sheet_name_check(*, sheet: PracticeSheet) -> list[NameMatch]:
    """Every place the sheet's text names a resident of the current residence (first name with initial,
    pseudonym, first name): what must be removed before it leaves the residence."""
    patterns = _patterns()
    matches = []
    for field, text in _texts(sheet):
        folded = _fold(text)
        for shown, pattern in patterns:
            for hit in pattern.finditer(folded):
                start, end = max(0, hit.start() - 30), min(len(text), hit.end() + 30)
                matches.append((field, hit.start(), NameMatch(field, shown, text[start:end].replace("\n", " "))))
    # One match per place, the longer form (« Ginette B. » rather than « Ginette » where both start).
    order = TEXT_FIELDS + ("skeleton",)
    best: dict[tuple[str, int], NameMatch] = {}
    for field, position, match in matches:
        if (field, position) not in best or len(match.found) > len(best[(field, position)].found):
            best[(field, position)] = match
    return [best[key] for key in sorted(best, key=lambda k: (order.index(k[0]), k[1]))]


@transaction.atomic
def sheet_submit(*, sheet: PracticeSheet, actor) -> PracticeSheet:
    """Submit to the head office: refused while the text names a resident (each match named) or a photo
    is not marked as showing no one. Runs on the sheet's residence schema (its residents are read there)."""
    _refuse_unless_draft(sheet)
    residence = _current_residence()
    if residence is None or residence.pk != sheet.residence_id:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    for match in sheet_name_check(sheet=sheet):
        errors.setdefault(match.field if match.field in TEXT_FIELDS else "__all__", []).append(
            _("« %(name)s » est le nom d'un·e habitant·e : retirez-le (« …%(excerpt)s… »).") % {
                "name": match.found, "excerpt": match.excerpt})
    if sheet.photo and not sheet.photo_shows_no_one:
        errors.setdefault("photo", []).append(_("Une photo n'est acceptée que si elle ne montre personne."))
    if not (sheet.how or "").strip():
        errors.setdefault("how", []).append(_("Racontez comment vous avez fait."))
    if errors:
        raise ValidationError(errors)
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["status", "submitted_at"])
    return sheet


# --- Review and publication (bare domain, head office) ---------------------------------------------

@transaction.atomic
def sheet_publish(*, sheet: PracticeSheet, actor, for_landlords: bool) -> PracticeSheet:
    """The head office publishes a submitted sheet to every coordinator, and to landlords' staff if marked."""
    _require_head_office(actor)
    locked = PracticeSheet.objects.select_for_update().get(pk=sheet.pk)
    if locked.status != SheetStatus.SUBMITTED:
        raise ValidationError({"status": [_("Seule une fiche soumise se publie.")]})
    locked.status = SheetStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.for_landlords = bool(for_landlords)
    locked.save(update_fields=["status", "published_at", "for_landlords"])
    sheet.refresh_from_db()
    return sheet


@transaction.atomic
def sheet_return(*, sheet: PracticeSheet, actor, note: str) -> PracticeSheet:
    """Back to its residence as a draft, with the head office's remarks (required)."""
    _require_head_office(actor)
    if not (note or "").strip():
        raise ValidationError({"review_note": [_("Dites ce qui est à reprendre.")]})
    if sheet.status == SheetStatus.DRAFT:
        raise ValidationError({"status": [_("Cette fiche est déjà un brouillon.")]})
    sheet.status = SheetStatus.DRAFT
    sheet.review_note = note.strip()
    sheet.published_at = None
    sheet.save(update_fields=["status", "review_note", "published_at"])
    return sheet


def sheet_experiment_set(*, sheet: PracticeSheet, actor, is_experiment: bool) -> PracticeSheet:
    _require_head_office(actor)
    sheet.is_experiment = bool(is_experiment)
    sheet.save(update_fields=["is_experiment"])
    return sheet


# --- « Faire pareil chez nous » (the reader's residence host) ------------------------------------------

@transaction.atomic
def sheet_replicate(*, sheet: PracticeSheet, actor) -> SheetReuse:
    """Copy a published sheet into the current residence: its activity template always, and a project
    with its tasks, targets and funding-plan lines when the sheet comes from a project. All or nothing."""
    from core.funding.services import funding_line_add
    from core.projects.services import project_create, target_add, task_add
    from core.replications.services import activity_template_create

    residence = _current_residence()
    if residence is None or sheet.status != SheetStatus.PUBLISHED:
        raise PermissionDenied
    activity = sheet.skeleton.get("activity") or {}
    template = activity_template_create(
        title=activity.get("title") or sheet.title, kind=activity.get("kind", "workshop"),
        audience=activity.get("audience", "all"), duration_minutes=int(activity.get("duration_minutes") or 120),
        capacity=activity.get("capacity"), is_intergenerational=bool(activity.get("is_intergenerational")),
        description=sheet.how, source_sheet_id=sheet.pk, source_title=sheet.title)
    project_id = None
    skeleton = sheet.skeleton.get("project")
    if skeleton:
        project = project_create(title=skeleton.get("title") or sheet.title, kind=skeleton.get("kind", "collective_action"),
                                 need=skeleton.get("need", ""),
                                 carrier_group=_("À constituer (repris de la fiche « %(title)s »)") % {
                                     "title": sheet.title[:120]},
                                 recorded_by=getattr(actor, "email", ""))
        for task in skeleton.get("tasks", []):
            task_add(project=project, title=task["title"])
        for target in skeleton.get("targets", []):
            target_add(project=project, label=target["label"], target=int(target["target"]))
        for line in skeleton.get("funding_lines", []):
            funding_line_add(project=project, source=line["source"], planned=line["planned"],
                             label=line.get("label", ""))
        project_id = project.pk
    return SheetReuse.objects.create(sheet=sheet, residence=residence, activity_template_id=template.pk,
                                     project_id=project_id, reused_by=actor)


# --- Resource library (head office) ---------------------------------------------------------------------

def _file_checked(file) -> str:
    from core.documents.services import document_file_problem

    problem, found = document_file_problem(file=file)
    if problem:
        raise ValidationError({"file": [problem]})
    return found.code


@atomic_with_files()
def resource_create(*, actor, title: str, kind: str, description: str = "", tags: str = "",
                    for_coordinators: bool = True, for_landlords: bool = False, for_partners: bool = False,
                    file, note: str = "") -> NetworkResource:
    """A resource and its first version. The file is checked by `core.documents`' one upload rule."""
    _require_head_office(actor)
    resource = NetworkResource(title=(title or "").strip(), kind=kind, description=description.strip(),
                               tags=", ".join(t.strip() for t in tags.split(",") if t.strip()),
                               for_coordinators=for_coordinators, for_landlords=for_landlords,
                               for_partners=for_partners)
    if not (for_coordinators or for_landlords or for_partners):
        raise ValidationError({"for_coordinators": [_("Choisissez qui peut voir cette ressource.")]})
    resource.full_clean()
    resource.save()
    resource_version_add(actor=actor, resource=resource, file=file, note=note)
    return resource


@atomic_with_files()
def resource_version_add(*, actor, resource: NetworkResource, file, note: str = "") -> ResourceVersion:
    """A new version (numbered after the last, row-locked): earlier versions stay downloadable."""
    _require_head_office(actor)
    file_type = _file_checked(file)
    NetworkResource.objects.select_for_update().filter(pk=resource.pk).first()
    last = resource.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ResourceVersion(resource=resource, number=last + 1, file_type=file_type,
                              original_name=(getattr(file, "name", "") or "fichier")[-200:],
                              size=getattr(file, "size", 0) or 0, note=note.strip(), uploaded_by=actor)
    version.file.save(file.name, file, save=False)
    file_written(version.file)
    version.save()
    return version


RESOURCE_FIELDS = ("title", "kind", "description", "tags", "for_coordinators", "for_landlords", "for_partners")


@transaction.atomic
def resource_update(*, actor, resource: NetworkResource, **fields) -> NetworkResource:
    """Title, kind, description, tags and audience (the files go through `resource_version_add`)."""
    _require_head_office(actor)
    resource = NetworkResource.objects.select_for_update().get(pk=resource.pk)
    for name, value in fields.items():
        if name not in RESOURCE_FIELDS:
            raise ValidationError({name: [_("Ce champ ne se modifie pas ici.")]})
        setattr(resource, name, value)
    resource.title = (resource.title or "").strip()
    resource.description = (resource.description or "").strip()
    resource.tags = ", ".join(t.strip() for t in (resource.tags or "").split(",") if t.strip())
    if not (resource.for_coordinators or resource.for_landlords or resource.for_partners):
        raise ValidationError({"for_coordinators": [_("Choisissez qui peut voir cette ressource.")]})
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_delete(*, actor, resource: NetworkResource) -> None:
    """The resource, all its versions (their files are removed once the deletion is committed) and its
    place among the events' materials."""
    _require_head_office(actor)
    names = [v.file.name for v in resource.versions.all() if v.file]
    resource.delete()
    remove_once_committed(ResourceVersion.file.field.storage, names)


# --- Network events -----------------------------------------------------------------------------------

@transaction.atomic
def event_create(*, actor, **fields) -> NetworkEvent:
    _require_head_office(actor)
    event = NetworkEvent(**fields)
    if not (event.for_coordinators or event.for_landlords or event.for_partners):
        raise ValidationError({"for_coordinators": [_("Choisissez à qui s'adresse l'événement.")]})
    event.full_clean()
    event.save()
    return event


EVENT_FIELDS = ("title", "kind", "starts_at", "ends_at", "place", "video_link", "capacity", "description",
                "for_coordinators", "for_landlords", "for_partners")


@transaction.atomic
def event_update(*, actor, event: NetworkEvent, **fields) -> NetworkEvent:
    """Edit an event; its places never drop below the registrations already taken (decided under the
    event's row lock, the one the registrations take)."""
    _require_head_office(actor)
    event = NetworkEvent.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        if name not in EVENT_FIELDS:
            raise ValidationError({name: [_("Ce champ ne se modifie pas ici.")]})
        setattr(event, name, value)
    if not (event.for_coordinators or event.for_landlords or event.for_partners):
        raise ValidationError({"for_coordinators": [_("Choisissez à qui s'adresse l'événement.")]})
    taken = event.registrations.count()
    if event.capacity is not None and event.capacity < taken:
        raise ValidationError({"capacity": [_("%(n)d personnes sont déjà inscrites : prévoyez au moins autant de places.")
                                            % {"n": taken}]})
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_delete(*, actor, event: NetworkEvent) -> None:
    """The event and its registrations (the resources given as materials stay in the library)."""
    _require_head_office(actor)
    event.delete()


def event_materials_set(*, actor, event: NetworkEvent, resources) -> NetworkEvent:
    _require_head_office(actor)
    event.materials.set(resources)
    return event


def _check_capacity(event: NetworkEvent) -> None:
    NetworkEvent.objects.select_for_update().filter(pk=event.pk).first()
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError({"__all__": [_("L'événement est complet.")]})


@transaction.atomic
def registration_self(*, event: NetworkEvent, actor, residence=None) -> EventRegistration:
    """A coordinator (for one of their residences) or a landlord's staff registers themself; the places
    are counted under a row lock, so two last registrations never both get the last place."""
    from tenants.selectors import residence_list_for_user

    if actor.is_coordinator:
        if not event.for_coordinators:
            raise PermissionDenied
        if residence is not None and not residence_list_for_user(user=actor).filter(pk=residence.pk).exists():
            raise ValidationError({"residence": [_("Choisissez une de vos résidences.")]})
        kind = ParticipantKind.COORDINATOR
    elif actor.is_landlord_viewer:
        if not event.for_landlords:
            raise PermissionDenied
        kind, residence = ParticipantKind.LANDLORD, None
    else:
        kind, residence = ParticipantKind.HEAD_OFFICE, None
    _check_capacity(event)
    registration = EventRegistration(event=event, user=actor, kind=kind, name=getattr(actor, "full_name", "") or actor.email,
                                     email=actor.email.lower(), residence=residence)
    return _save_registration(registration)


def _save_registration(registration: EventRegistration) -> EventRegistration:
    registration.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError({"email": [_("Cette personne est déjà inscrite.")]}) from exc
    return registration


@transaction.atomic
def registration_partner_add(*, event: NetworkEvent, actor, name: str, email: str) -> EventRegistration:
    """Partners have no account: the head office registers them by name and e-mail."""
    _require_head_office(actor)
    if not event.for_partners:
        raise ValidationError({"__all__": [_("Cet événement n'est pas ouvert aux partenaires.")]})
    if not (name or "").strip():
        raise ValidationError({"name": [_("Indiquez le nom.")]})
    _check_capacity(event)
    return _save_registration(EventRegistration(event=event, kind=ParticipantKind.PARTNER, name=name.strip(),
                                                email=(email or "").strip().lower()))


def registration_cancel(*, event: NetworkEvent, actor) -> None:
    EventRegistration.objects.filter(event=event, user=actor).delete()


@transaction.atomic
def attendance_set(*, event: NetworkEvent, actor, present_ids) -> int:
    """The head office ticks who came; the others are absent. Returns how many were present."""
    _require_head_office(actor)
    ids = {int(i) for i in present_ids}
    registrations = event.registrations.all()
    registrations.update(attended=False)
    return registrations.filter(pk__in=ids).update(attended=True)


def calendar_token(*, user) -> str:
    """The private token of a member's network-events feed: signed, so it needs no table."""
    from django.core import signing

    return signing.dumps(user.pk, salt="network-events-ical", compress=True)


def calendar_user(*, token: str):
    from django.core import signing

    from tenants.models import User

    try:
        pk = signing.loads(token, salt="network-events-ical")
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()

