from django import forms
from django.utils.translation import gettext_lazy as _

from core.activities.models import Activity, ActivityKind, ActivityStatus, Audience, Frequency, OrganiserKind
from core.partners.models import Partner
from core.spaces.models import Space

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DETAIL_FIELDS = [
    "title", "kind", "audience", "space", "place", "organiser_kind", "organiser_resident", "organiser_partner",
    "facilitator", "capacity", "is_intergenerational", "proposed_by_residents",
]


class ActivityDetailsForm(forms.ModelForm):
    """What describes a session: shared by the creation, session and series forms."""

    confirm_outside_hours = forms.BooleanField(
        label=_("Confirmer malgré les horaires"), required=False,
        help_text=_("Pour un espace réglé sur « avertir » : enregistrer même en dehors des horaires d'ouverture."))

    class Meta:
        model = Activity
        fields = ["title", "kind", "starts_at", "ends_at", *DETAIL_FIELDS[2:]]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = Space.objects.filter(is_active=True)
        self.fields["space"].empty_label = _("— hors de la résidence —")
        self.fields["organiser_partner"].queryset = Partner.objects.filter(is_active=True)
        self.fields["organiser_kind"].widget.attrs["data-organiser-kind"] = "1"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("La fin doit être postérieure au début."))
        space, place = cleaned.get("space"), (cleaned.get("place") or "").strip()
        if space and place:
            self.add_error("place", _("Choisissez un espace de la résidence ou un autre lieu, pas les deux."))
        elif not space and not place and "space" not in self.errors:
            self.add_error("place", _("Choisissez un espace de la résidence ou indiquez un autre lieu."))
        kind = cleaned.get("organiser_kind")
        if kind == OrganiserKind.RESIDENT and not cleaned.get("organiser_resident"):
            self.add_error("organiser_resident", _("Choisissez l'habitant·e qui organise."))
        if kind == OrganiserKind.PARTNER and not cleaned.get("organiser_partner"):
            self.add_error("organiser_partner", _("Choisissez le partenaire qui anime."))
        return cleaned

    def _post_clean(self):
        # Model-level checks are the service's job (it runs full_clean); the form only parses.
        pass


class ActivityForm(ActivityDetailsForm):
    """Creation: a one-off session, or a series of sessions."""

    frequency = forms.ChoiceField(
        label=_("Répétition"), required=False, choices=[("", _("une seule fois"))] + list(Frequency.choices)
    )
    until = forms.DateField(label=_("Jusqu'au (inclus)"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    occurrence_count = forms.IntegerField(label=_("ou nombre de séances"), required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("frequency"):
            until, count = cleaned.get("until"), cleaned.get("occurrence_count")
            if until is None and count is None and "occurrence_count" not in self.errors:
                self.add_error("until", _("Pour une animation répétée, indiquez une date de fin ou un nombre de séances."))
            elif until is not None and count is not None:
                self.add_error("occurrence_count", _("Indiquez une date de fin ou un nombre de séances, pas les deux."))
        else:
            cleaned["until"], cleaned["occurrence_count"] = None, None
        return cleaned


class SessionForm(ActivityDetailsForm):
    """Edit one session."""


class SeriesForm(ActivityDetailsForm):
    """Edit the upcoming sessions of a series: details, start time and duration (dates stay)."""

    class Meta(ActivityDetailsForm.Meta):
        fields = DETAIL_FIELDS

    start_time = forms.TimeField(label=_("Heure de début"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Heure de fin"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("La fin doit être postérieure au début."))
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), max_length=300,
                             help_text=_("Il sera affiché aux personnes inscrites et sur la liste."))


class AnonymousCountsForm(forms.Form):
    children = forms.IntegerField(label=_("Enfants"), min_value=0, initial=0)
    neighbours = forms.IntegerField(label=_("Voisin·es du quartier"), min_value=0, initial=0)
    guests = forms.IntegerField(label=_("Autres, invité·es"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"inputmode": "numeric", "class": "count"})


class ActivityFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(ActivityKind.choices))
    audience = forms.ChoiceField(label=_("Public"), required=False, choices=[("", _("Tous"))] + list(Audience.choices))
    status = forms.ChoiceField(label=_("Statut"), required=False,
                               choices=[("", _("Tous"))] + list(ActivityStatus.choices))
    date_from = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
