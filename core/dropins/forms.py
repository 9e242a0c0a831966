from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dropins.models import DropInSlot, Recurrence, Topic
from core.people.models import Resident


class VisitForm(forms.Form):
    """The fast form: who (or anonymous), why, a short note, follow-up or not."""

    resident = forms.ModelChoiceField(
        label=_("Habitant·e"), queryset=Resident.objects.all(), required=False, widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Habitant·e inconnu·e dans cette résidence.")},
    )
    topic = forms.ChoiceField(label=_("Motif"), choices=Topic.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (facultative)"), max_length=280, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_needed = forms.BooleanField(label=_("Une suite est à donner"), required=False)
    visited_at = forms.DateTimeField(
        label=_("Venu·e le"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Laisser vide : maintenant."),
    )


class SlotForm(forms.ModelForm):
    class Meta:
        model = DropInSlot
        fields = ["first_date", "start_time", "end_time", "recurrence", "last_date", "place", "note"]
        widgets = {
            "first_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_date"].initial = timezone.localdate()


class FollowUpCloseForm(forms.Form):
    outcome = forms.CharField(label=_("Suite donnée"), max_length=280, widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("Close le"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                help_text=_("Laisser vide : aujourd'hui."))


FOLLOW_UP_CHOICES = [("", _("Tous")), ("open", _("suite ouverte")), ("closed", _("suite close")),
                     ("none", _("sans suite"))]
ANONYMOUS_CHOICES = [("", _("Tous")), ("yes", _("anonymes")), ("no", _("nommés"))]


class VisitFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    topic = forms.ChoiceField(label=_("Motif"), required=False, choices=[("", _("Tous"))] + list(Topic.choices))
    follow_up = forms.ChoiceField(label=_("Suite"), required=False, choices=FOLLOW_UP_CHOICES)
    anonymous = forms.ChoiceField(label=_("Personne"), required=False, choices=ANONYMOUS_CHOICES)
    date_from = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FollowUpFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), required=False,
                               choices=[("open", _("à clore")), ("closed", _("closes")), ("", _("toutes"))])
    search = forms.CharField(label=_("Rechercher"), required=False)
    topic = forms.ChoiceField(label=_("Motif"), required=False, choices=[("", _("Tous"))] + list(Topic.choices))


class SlotFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    recurrence = forms.ChoiceField(label=_("Répétition"), required=False,
                                   choices=[("", _("Toutes"))] + list(Recurrence.choices))
