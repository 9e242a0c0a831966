from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.evaluation.models import QUESTIONS, NarrativeKind, NarrativeSection, SurveyWave
from core.people.selectors import current_residents


class SurveyWaveForm(forms.ModelForm):
    class Meta:
        model = SurveyWave
        fields = ["label", "starts_on", "ends_on"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"label": _("Par exemple « Printemps 2026 ». Une vague tous les six mois.")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("La fin de la vague doit être postérieure ou égale à son début."))
        return cleaned


class SurveyResponseForm(forms.Form):
    """The questionnaire as large radio buttons, one question per fieldset (phone first)."""

    wave = forms.ModelChoiceField(label=_("Vague"), queryset=SurveyWave.objects.none(), empty_label=None)
    answered_on = forms.DateField(label=_("Date de réponse"), widget=forms.DateInput(attrs={"type": "date"}))
    resident = forms.ModelChoiceField(
        label=_("Habitant·e"), queryset=current_residents().none(), required=False,
        empty_label=_("Réponse anonyme"),
        help_text=_("Laisser « Réponse anonyme » si la personne ne souhaite pas être nommée."),
    )

    def __init__(self, *args, current_wave=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = SurveyWave.objects.order_by("-starts_on", "-id")
        self.fields["resident"].queryset = current_residents().order_by("first_name", "last_name_initial", "id")
        self.fields["answered_on"].initial = timezone.localdate()
        if current_wave is not None:
            self.fields["wave"].initial = current_wave.pk
        for code, wording, scale in QUESTIONS:
            self.fields[code] = forms.TypedChoiceField(
                label=wording, choices=scale.choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez une réponse à cette question.")},
            )


class SurveyResponseFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    wave = forms.ModelChoiceField(label=_("Vague"), queryset=SurveyWave.objects.none(), required=False,
                                  empty_label=_("Toutes"))
    often_lonely = forms.ChoiceField(label=_("Souvent seul·e"), required=False, choices=[
        ("", _("Tous")), ("oui", _("oui")), ("non", _("non"))])
    respondent = forms.ChoiceField(label=_("Répondant·e"), required=False, choices=[
        ("", _("Tous")), ("connu", _("connu·e")), ("anonyme", _("anonyme"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = SurveyWave.objects.order_by("-starts_on", "-id")


class NarrativeSectionForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Rubrique"), choices=NarrativeKind.choices)
    title = forms.CharField(label=_("Titre"), max_length=120, required=False,
                            help_text=_("Obligatoire pour une section libre."))
    body = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, instance: NarrativeSection | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"year": instance.year, "kind": instance.kind, "title": instance.title,
                                          "body": instance.body})
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["year"].initial = timezone.localdate().year


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), required=False, min_value=2000, max_value=2100)
