"""Forms of the landlords' calls: one filter form for the page, the export and the API."""
from django import forms
from django.utils.translation import gettext_lazy as _

from apes_platform.forms import DistinctIds
from network.calls.models import Application, Attachment, Decision, Target
from tenants.models import Landlord


class CallFilterForm(forms.Form):
    STATES = [("", _("Tous")), ("open", _("Ouverts")), ("closed", _("Clos"))]
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("État"), choices=STATES, required=False)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    themes = forms.CharField(label=_("Thèmes"), max_length=300, required=False)
    description = forms.CharField(label=_("Présentation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    eligibility = forms.CharField(label=_("Critères d'éligibilité"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False)
    envelope = forms.DecimalField(label=_("Enveloppe (€)"), min_value=0, max_digits=12, decimal_places=2)
    opens_on = forms.DateField(label=_("Ouverture"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateTimeField(label=_("Date limite de dépôt"),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    hearings_on = forms.DateField(label=_("Auditions"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    committee_on = forms.DateField(label=_("Comité de sélection"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    funders = forms.CharField(
        label=_("Bailleurs financeurs et parts"), max_length=500,
        help_text=_("Un bailleur par ligne, nom court et part en %, ex. « Seqens 60 »."),
        widget=forms.Textarea(attrs={"rows": 3}))

    def clean_funders(self):
        rows = []
        for line in self.cleaned_data["funders"].splitlines():
            if not line.strip():
                continue
            name, _sep, share = line.strip().rpartition(" ")
            landlord = Landlord.objects.filter(short_name__iexact=name.strip()).first()
            if landlord is None:
                raise forms.ValidationError(_("Bailleur inconnu : « %(name)s ».") % {"name": name.strip() or line})
            try:
                rows.append((landlord, float(share.replace(",", ".").rstrip("%"))))
            except ValueError as exc:
                raise forms.ValidationError(_("Part invalide pour « %(name)s ».") % {"name": name}) from exc
        if not rows:
            raise forms.ValidationError(_("Choisissez au moins un bailleur financeur."))
        return rows


class StartForm(forms.Form):
    org_name = forms.CharField(label=_("Nom de l'association"), max_length=200)
    contact_email = forms.EmailField(label=_("E-mail du contact"),
                                     help_text=_("Le lien pour compléter le dossier y est envoyé."))


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["org_name", "org_id", "org_address", "contact_name", "contact_email", "contact_phone", "title",
                  "summary", "duration_months", "partners", "residences"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "partners": forms.Textarea(attrs={"rows": 2}),
                   "residences": forms.CheckboxSelectMultiple}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residences"].queryset = call.residences.all()
        self.fields["residences"].required = False


class BudgetLineForm(DistinctIds, forms.Form):
    id_prefix = "line"
    label = forms.CharField(label=_("Poste"), max_length=200)
    amount = forms.DecimalField(label=_("Montant (€)"), max_digits=12, decimal_places=2)
    funder = forms.CharField(label=_("Financeur (cofinancement)"), max_length=200, required=False)


class TargetForm(DistinctIds, forms.Form):
    id_prefix = "target"
    indicator = forms.CharField(label=_("Indicateur"), max_length=200)
    value = forms.DecimalField(label=_("Valeur visée"), max_digits=10, decimal_places=2)
    unit = forms.CharField(label=_("Unité"), max_length=60)
    per = forms.ChoiceField(label=_("Période"), choices=Target.Per.choices)


class AttachmentForm(DistinctIds, forms.Form):
    id_prefix = "attachment"
    kind = forms.ChoiceField(label=_("Type de pièce"), choices=Attachment.Kind.choices[:3] + Attachment.Kind.choices[4:])
    file = forms.FileField(label=_("Fichier"))


class EligibilityForm(DistinctIds, forms.Form):
    id_prefix = "eligibility"
    eligible = forms.TypedChoiceField(label=_("Éligibilité"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("Éligible")), ("no", _("Non éligible"))])
    note = forms.CharField(label=_("Avis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ScoreForm(DistinctIds, forms.Form):
    id_prefix = "score"

    def __init__(self, *args, criteria, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.label} (×{criterion.weight})", min_value=0, max_value=5,
                initial=current.get(criterion.pk))


class ConflictForm(DistinctIds, forms.Form):
    id_prefix = "conflict"
    reason = forms.CharField(label=_("Motif du conflit d'intérêts"), max_length=255)


class DecisionForm(DistinctIds, forms.Form):
    id_prefix = "decision"
    outcome = forms.ChoiceField(label=_("Décision"), choices=Decision.Outcome.choices)
    amount = forms.DecimalField(label=_("Montant attribué (€)"), required=False, max_digits=12, decimal_places=2)
    reason = forms.CharField(label=_("Motivation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(DistinctIds, forms.Form):
    id_prefix = "member"
    email = forms.EmailField(label=_("E-mail du compte (siège ou bailleur financeur)"))


class MeetingForm(DistinctIds, forms.Form):
    id_prefix = "meeting"
    held_on = forms.DateField(label=_("Date du comité"), widget=forms.DateInput(attrs={"type": "date"}))
    present = forms.ModelMultipleChoiceField(label=_("Présents"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    hearings = forms.CharField(label=_("Auditions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=_("Relevé des échanges"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = call.members.select_related("user")
        self.fields["present"].label_from_instance = lambda m: (
            f"{m.user.full_name} ({m.user.landlord.short_name if m.user.landlord_id else _('siège')})")


class InstalmentForm(DistinctIds, forms.Form):
    id_prefix = "instalment"
    milestone = forms.CharField(label=_("Jalon"), max_length=200)
    due_on = forms.DateField(label=_("Échéance"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label=_("Montant (€)"), max_digits=12, decimal_places=2)


class PaymentForm(DistinctIds, forms.Form):
    id_prefix = "payment"
    instalment = forms.ModelChoiceField(label=_("Versement"), queryset=None)
    paid_on = forms.DateField(label=_("Payé le"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label=_("Montant payé (€)"), max_digits=12, decimal_places=2)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instalment"].queryset = agreement.instalments.all()
        self.fields["instalment"].label_from_instance = lambda i: f"{i.milestone} ({i.due_on:%d/%m/%Y})"


class ResultReportForm(forms.Form):
    year = forms.IntegerField(label=_("Année du projet"), min_value=1, max_value=10, initial=1)
    narrative = forms.CharField(label=_("Récit de l'année"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Pièce jointe (facultative)"), required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=_("%(indicator)s : valeur atteinte (objectif %(target)s)") % {
                    "indicator": target.indicator, "target": target}, min_value=0, max_digits=10, decimal_places=2)
