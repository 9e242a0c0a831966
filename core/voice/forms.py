"""Forms of residents' voice. Filter forms are the selectors' arguments (page, export and API alike)."""
import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.documents.forms import DocumentUploadForm
from core.people.selectors import current_residents
from core.voice.models import (
    FREE_TEXT_MAX,
    SHORT_TEXT_MAX,
    AnswerSource,
    BodyDocumentRole,
    BodyKind,
    DecisionStatus,
    InterviewKind,
    InterviewTopic,
    MandateRole,
    Meeting,
    Need,
    QuestionKind,
    QuestionSection,
    SkillCategory,
    SkillDirection,
    VoteMethod,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_NO = [("", _("Tous")), ("oui", _("oui")), ("non", _("non"))]


def _residents():
    return current_residents().order_by("first_name", "id")


def free_text(label, *, required=False, max_length=FREE_TEXT_MAX, rows=3):
    """A capped free-text field; templates show the reminder not to write health or private details."""
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length,
                                                        "aria-describedby": "free-text-reminder"}))


# --- Needs ------------------------------------------------------------------------------------

class NeedForm(forms.Form):
    label = forms.CharField(label=_("Besoin"), max_length=80)
    description = free_text(_("Description"))
    is_active = forms.BooleanField(label=_("Actif"), required=False, initial=True)
    activities = forms.ModelMultipleChoiceField(label=_("Animations qui y répondent"), required=False,
                                                queryset=None,
                                                widget=forms.SelectMultiple(attrs={"size": 8}))
    projects = forms.ModelMultipleChoiceField(label=_("Projets d'habitants qui y répondent"), required=False,
                                              queryset=None,
                                              widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, **kwargs):
        from core.activities.selectors import activity_list
        from core.projects.selectors import project_list

        super().__init__(*args, **kwargs)
        # The last year's sessions and the coming ones (a need is answered by what runs now), through
        # the activities' own selector (this schema only).
        since = timezone.localdate() - dt.timedelta(days=365)
        self.fields["activities"].queryset = activity_list(date_from=since)
        # Every project of the residence, through its selectors (this schema only).
        self.fields["projects"].queryset = project_list().prefetch_related(None)
        self.fields["projects"].label_from_instance = lambda p: f"{p.title} ({p.get_stage_display()})"


class NeedFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    with_action = forms.ChoiceField(label=_("Avec une action qui y répond"), required=False, choices=YES_NO)


class DropInNeedForm(forms.Form):
    need = forms.ModelChoiceField(label=_("Besoin"), queryset=Need.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = Need.objects.filter(is_active=True).order_by("label")


# --- Questionnaires ---------------------------------------------------------------------------

class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150)
    description = free_text(_("Présentation aux habitant·es"))
    opens_on = forms.DateField(label=_("Ouverture"), widget=DATE)
    closes_on = forms.DateField(label=_("Clôture"), widget=DATE)


class QuestionnaireFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False, choices=[
        ("", _("Tous")), ("open", _("ouverts")), ("upcoming", _("à venir")), ("closed", _("clos"))])


class SubmissionFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("Toutes"))] + list(AnswerSource.choices))


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Titre de la partie"), max_length=150)


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Partie"), queryset=QuestionSection.objects.none())
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Type de réponse"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Obligatoire"), required=False)
    scale_min = forms.IntegerField(label=_("Échelle : de"), initial=1, required=False)
    scale_max = forms.IntegerField(label=_("à"), initial=5, required=False)
    options = forms.CharField(label=_("Choix (un par ligne)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Pour associer un besoin du catalogue à un choix : « Cours de français "
                                          "= cours de français » (choix = besoin)."))

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["section"].queryset = version.sections.all()

    def clean_options(self):
        needs = {n.label.lower(): n for n in Need.objects.all()}
        parsed = []
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            label, _sep, need_label = line.partition("=")
            need = None
            if need_label.strip():
                need = needs.get(need_label.strip().lower())
                if need is None:
                    raise forms.ValidationError(_("« %(need)s » n'est pas dans le catalogue des besoins."),
                                                params={"need": need_label.strip()})
            parsed.append((label.strip(), need))
        return parsed

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"section": d["section"], "text": d["text"], "kind": d["kind"], "required": d["required"],
                "scale_min": d["scale_min"] if d["scale_min"] is not None else 1,
                "scale_max": d["scale_max"] if d["scale_max"] is not None else 5, "options": d["options"]}


def answer_fields(version) -> dict[str, forms.Field]:
    """The answer form of a version: one field per question, named q_<id> (as the service reads them)."""
    fields = {}
    for section in version.sections.all():
        for q in section.questions.all():
            name, label = f"q_{q.pk}", q.text
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(label=label, required=q.required, widget=forms.RadioSelect,
                                          choices=[(o.pk, o.label) for o in q.options.all()])
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(label=label, required=q.required, widget=forms.CheckboxSelectMultiple,
                                                  choices=[(o.pk, o.label) for o in q.options.all()])
            elif q.kind == QuestionKind.SCALE:
                field = forms.ChoiceField(label=label, required=q.required, widget=forms.RadioSelect,
                                          choices=[(v, v) for v in range(q.scale_min, q.scale_max + 1)],
                                          help_text=_("De %(min)d (pas du tout) à %(max)d (tout à fait).") % {
                                              "min": q.scale_min, "max": q.scale_max})
            elif q.kind == QuestionKind.NUMBER:
                field = forms.DecimalField(label=label, required=q.required, max_digits=10, decimal_places=2,
                                           widget=forms.NumberInput(attrs={"inputmode": "decimal"}))
            else:
                field = forms.CharField(label=label, required=q.required, max_length=SHORT_TEXT_MAX,
                                        widget=forms.TextInput(attrs={"maxlength": SHORT_TEXT_MAX,
                                                                      "aria-describedby": "free-text-reminder"}))
            field.section = section.title
            fields[name] = field
    return fields


class AnswerForm(forms.Form):
    """The resident's form (portal): only the questions."""

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(answer_fields(version))

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k.startswith("q_")}


class PaperAnswerForm(AnswerForm):
    """The coordinator's entry of a paper form or an interview: who, when, from what."""

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, version=version, **kwargs)
        head = {
            "resident": forms.ModelChoiceField(label=_("Habitant·e"), required=False, queryset=_residents(),
                                               help_text=_("Vide : réponse anonyme.")),
            "source": forms.ChoiceField(label=_("Recueilli"), choices=[
                (AnswerSource.PAPER, AnswerSource.PAPER.label), (AnswerSource.INTERVIEW, AnswerSource.INTERVIEW.label)]),
            "answered_on": forms.DateField(label=_("Date de réponse"), widget=DATE),
        }
        self.fields = {**head, **self.fields}


class InterviewForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("Habitant·e"), required=False, queryset=current_residents().none(),
                                      help_text=_("Vide : personne non identifiée."))
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Type"), choices=InterviewKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _residents()
        needs = Need.objects.filter(is_active=True).order_by("label")
        for topic in InterviewTopic:
            self.fields[f"note_{topic.value}"] = free_text(topic.label, rows=2)
            self.fields[f"needs_{topic.value}"] = forms.ModelMultipleChoiceField(
                label=_("Besoins exprimés (%(topic)s)") % {"topic": topic.label}, required=False, queryset=needs,
                widget=forms.CheckboxSelectMultiple)

    def topic_rows(self):
        return [(self[f"note_{t.value}"], self[f"needs_{t.value}"]) for t in InterviewTopic]

    def notes(self):
        return [(t.value, self.cleaned_data[f"note_{t.value}"], list(self.cleaned_data[f"needs_{t.value}"]))
                for t in InterviewTopic]


class InterviewFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    topic = forms.ChoiceField(label=_("Thème"), required=False, choices=[("", _("Tous"))] + list(InterviewTopic.choices))
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(InterviewKind.choices))


# --- Skills -----------------------------------------------------------------------------------

class SkillEntryForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("Habitant·e"), queryset=current_residents().none())
    direction = forms.ChoiceField(label=_("Sens"), choices=SkillDirection.choices, widget=forms.RadioSelect,
                                  initial=SkillDirection.OFFER)
    category = forms.ChoiceField(label=_("Domaine"), choices=SkillCategory.choices)
    tag = forms.CharField(label=_("Précision (libre)"), max_length=60, required=False)
    availability = forms.CharField(label=_("Disponibilités"), max_length=120, required=False,
                                   help_text=_("Par exemple « mardi après-midi »."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _residents()


class SkillFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    direction = forms.ChoiceField(label=_("Sens"), required=False, choices=[("", _("Tous"))] + list(SkillDirection.choices))
    category = forms.ChoiceField(label=_("Domaine"), required=False, choices=[("", _("Tous"))] + list(SkillCategory.choices))


class SkillExchangeForm(forms.Form):
    giver = forms.ModelChoiceField(label=_("Qui transmet"), queryset=current_residents().none())
    learner = forms.ModelChoiceField(label=_("Qui apprend"), queryset=current_residents().none())
    category = forms.ChoiceField(label=_("Domaine"), choices=SkillCategory.choices)
    tag = forms.CharField(label=_("Précision"), max_length=60, required=False)
    happened_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Durée (heures)"), min_value=Decimal("0.5"), max_value=24, decimal_places=1)
    note = free_text(_("Note"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["giver"].queryset = _residents()
        self.fields["learner"].queryset = _residents()


class SkillExchangeFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    category = forms.ChoiceField(label=_("Domaine"), required=False, choices=[("", _("Tous"))] + list(SkillCategory.choices))
    intergenerational = forms.ChoiceField(label=_("Intergénérationnel"), required=False, choices=YES_NO)
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE)


# --- Consultations ----------------------------------------------------------------------------

class ConsultationForm(forms.Form):
    question = forms.CharField(label=_("Question posée"), max_length=200)
    description = free_text(_("Présentation"))
    options = forms.CharField(label=_("Choix (un par ligne)"), widget=forms.Textarea(attrs={"rows": 4}))
    method = forms.ChoiceField(label=_("Mode de vote"), choices=VoteMethod.choices, widget=forms.RadioSelect,
                               initial=VoteMethod.SINGLE)
    max_choices = forms.IntegerField(label=_("Nombre de choix maximum (plusieurs choix)"), min_value=1, required=False)
    opens_at = forms.DateTimeField(label=_("Ouverture"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Clôture"), widget=DATETIME)
    secret = forms.BooleanField(label=_("Vote secret"), required=False)
    one_per_household = forms.BooleanField(label=_("Une voix par foyer"), required=False)
    is_budget = forms.BooleanField(label=_("Vote sur le budget d'animation"), required=False)

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["options"] = [line for line in d["options"].splitlines() if line.strip()]
        return d


class ConsultationFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False, choices=[
        ("", _("Toutes")), ("open", _("ouvertes")), ("upcoming", _("à venir")), ("closed", _("closes"))])


class BallotForm(forms.Form):
    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(o.pk, o.label) for o in consultation.options.all()]
        if consultation.method == VoteMethod.SINGLE:
            self.fields["options"] = forms.ChoiceField(label=consultation.question, choices=choices,
                                                       widget=forms.RadioSelect)
        else:
            self.fields["options"] = forms.MultipleChoiceField(label=consultation.question, choices=choices,
                                                               widget=forms.CheckboxSelectMultiple)

    def option_ids(self) -> list:
        value = self.cleaned_data["options"]
        return value if isinstance(value, list) else [value]


class PaperBallotForm(BallotForm):
    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, consultation=consultation, **kwargs)
        self.fields = {"resident": forms.ModelChoiceField(label=_("Votant·e (émargement)"), queryset=_residents()),
                       **self.fields}


class DecisionForm(forms.Form):
    text = free_text(_("Décision"), required=True)
    decided_on = forms.DateField(label=_("Date de la décision"), widget=DATE)
    amount = forms.DecimalField(label=_("Montant alloué (€)"), required=False, max_digits=10, decimal_places=2,
                                min_value=0)
    purpose = forms.CharField(label=_("Objet de la dépense"), max_length=200, required=False)
    line = forms.ModelChoiceField(label=_("Ligne budgétaire (facultatif)"), required=False, queryset=None,
                                  help_text=_("Vote sur le budget : la décision est inscrite au budget, sur cette "
                                              "ligne si vous en choisissez une."))

    def __init__(self, *args, is_budget: bool = True, **kwargs):
        from core.budget.models import YearStatus
        from core.budget.selectors import line_list

        super().__init__(*args, **kwargs)
        if not is_budget:
            del self.fields["line"]
            return
        self.fields["line"].queryset = line_list().filter(year__status=YearStatus.OPEN)
        self.fields["line"].label_from_instance = lambda line: f"{line.year.year} · {line.name}"


class HouseholdForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("Habitant·e"), queryset=current_residents().none())
    dwelling = forms.CharField(label=_("Logement"), max_length=30, required=False,
                               help_text=_("Par exemple « B-204 ». Vide : retirer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _residents()


# --- Governance -------------------------------------------------------------------------------

class BodyForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    kind = forms.ChoiceField(label=_("Type"), choices=BodyKind.choices)
    description = free_text(_("Rôle de l'instance"))


class BodyFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(BodyKind.choices))


class MandateForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("Habitant·e"), queryset=current_residents().none())
    role = forms.ChoiceField(label=_("Rôle"), choices=MandateRole.choices, initial=MandateRole.MEMBER)
    starts_on = forms.DateField(label=_("Début du mandat"), widget=DATE)
    ends_on = forms.DateField(label=_("Fin du mandat"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _residents()


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Date et heure"), widget=DATETIME)
    place = forms.CharField(label=_("Lieu"), max_length=120, required=False)
    agenda = free_text(_("Ordre du jour"), max_length=2000, rows=4)
    minutes = free_text(_("Compte rendu"), max_length=5000, rows=6)
    attendees = forms.ModelMultipleChoiceField(label=_("Présent·es"), required=False, queryset=current_residents().none(),
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = _residents()
        if body is not None:
            qs = qs.filter(mandates__body=body).distinct()
        self.fields["attendees"].queryset = qs


class BodyDecisionForm(forms.Form):
    title = forms.CharField(label=_("Décision"), max_length=200)
    decided_on = forms.DateField(label=_("Décidée le"), widget=DATE)
    owner = forms.CharField(label=_("Porteur·se"), max_length=120)
    due_on = forms.DateField(label=_("Échéance"), required=False, widget=DATE)


class DecisionFollowForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), choices=DecisionStatus.choices)
    done_on = forms.DateField(label=_("Réalisée le"), required=False, widget=DATE)


class BodyDocumentForm(DocumentUploadForm):
    """Upload of a body's document: core.documents' upload fields, the document's nature instead of its
    kind, and on the body's page the meeting it belongs to (none: the body's own, such as statutes)."""

    kind = None
    role = forms.ChoiceField(label=_("Nature du document"), choices=BodyDocumentRole.choices,
                             initial=BodyDocumentRole.OTHER)
    meeting = forms.ModelChoiceField(label=_("Réunion (facultatif)"), required=False, queryset=Meeting.objects.none(),
                                     help_text=_("Vide : document de l'instance elle-même (statuts…)."))

    def __init__(self, *args, body=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None or body is None:
            del self.fields["meeting"]
            if meeting is not None:  # before the meeting its agenda, after it the minutes
                self.fields["role"].initial = (BodyDocumentRole.AGENDA if meeting.held_at > timezone.now()
                                               else BodyDocumentRole.MINUTES)
        else:
            self.fields["meeting"].queryset = body.meetings.order_by("-held_at", "-id")
            self.fields["meeting"].label_from_instance = lambda m: formats.date_format(
                timezone.localtime(m.held_at), "j F Y")


class BodyDecisionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), required=False, choices=[("", _("Tous"))] + list(DecisionStatus.choices))
