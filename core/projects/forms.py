from django import forms
from django.utils.translation import gettext_lazy as _

from apes_platform.forms import DistinctIds
from core.projects.models import ChecklistStep, ProjectKind, ProjectStage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    kind = forms.ChoiceField(label=_("Nature"), choices=ProjectKind.choices, initial=ProjectKind.COLLECTIVE_ACTION)
    need = forms.CharField(label=_("Besoin auquel il répond"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    residents = forms.ModelMultipleChoiceField(label=_("Habitant·es porteur·ses"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    carrier_group = forms.CharField(label=_("Collectif d'habitant·es porteur"), max_length=200, required=False)
    carrier_partner = forms.ModelChoiceField(label=_("Association porteuse (partenaire)"), queryset=None,
                                             required=False)
    partners = forms.ModelMultipleChoiceField(label=_("Partenaires impliqués"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    activities = forms.ModelMultipleChoiceField(label=_("Animations liées"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from core.activities.models import Activity
        from core.partners.models import Partner
        from core.people.selectors import current_residents

        super().__init__(*args, **kwargs)
        self.fields["residents"].queryset = current_residents().order_by("first_name", "id")
        self.fields["carrier_partner"].queryset = Partner.objects.order_by("name", "id")
        self.fields["partners"].queryset = Partner.objects.order_by("name", "id")
        self.fields["activities"].queryset = Activity.objects.order_by("-starts_at", "id")


class ProjectFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    stage = forms.ChoiceField(label=_("Étape"), required=False, choices=[("", _("Toutes"))] + list(ProjectStage.choices))
    kind = forms.ChoiceField(label=_("Nature"), required=False, choices=[("", _("Toutes"))] + list(ProjectKind.choices))
    active_only = forms.BooleanField(label=_("En cours seulement"), required=False)


class ProjectStageForm(DistinctIds, forms.Form):
    id_prefix = "stage"
    stage = forms.ChoiceField(label=_("Nouvelle étape"), choices=ProjectStage.choices)
    on = forms.DateField(label=_("Depuis le"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class TaskForm(DistinctIds, forms.Form):
    id_prefix = "task"
    title = forms.CharField(label=_("Tâche"), max_length=200)
    owner = forms.CharField(label=_("Qui s'en charge"), max_length=150, required=False)
    due_on = forms.DateField(label=_("Pour le"), required=False, widget=DATE)


class TargetForm(DistinctIds, forms.Form):
    id_prefix = "target"
    target = forms.IntegerField(label=_("Valeur visée"), min_value=1)
    label = forms.CharField(label=_("Objectif"), max_length=200, help_text=_("Par exemple : habitant·es formé·es."))
    actual = forms.IntegerField(label=_("Valeur atteinte"), min_value=0, required=False)


class ActualForm(forms.Form):
    actual = forms.IntegerField(label=_("Valeur atteinte"), min_value=0, required=False)


class ChecklistForm(DistinctIds, forms.Form):
    id_prefix = "checklist"
    step = forms.ChoiceField(label=_("Étape"), choices=ChecklistStep.choices)
    done_on = forms.DateField(label=_("Fait le"), required=False, widget=DATE,
                              help_text=_("Laissez vide pour décocher."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReviewForm(DistinctIds, forms.Form):
    id_prefix = "review"
    review_worked = forms.CharField(label=_("Ce qui a marché"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    review_pass_on = forms.CharField(label=_("Ce qu'il faut transmettre"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
