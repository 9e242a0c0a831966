import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.activities.models import Activity
from core.partners.models import Partner
from core.people.selectors import current_residents
from core.spaces.models import BookerKind, BookingStatus, OutsideHoursPolicy, Space, SpaceKind, Weekday, WorkshopTheme

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RANGE = re.compile(r"^\s*(\d{1,2})[:h](\d{2})\s*[-–à]\s*(\d{1,2})[:h](\d{2})\s*$")


def parse_ranges(text: str) -> list[tuple[dt.time, dt.time]]:
    """'09:00-12:00, 14:00-19:00' → [(09:00, 12:00), (14:00, 19:00)]."""
    ranges = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = RANGE.match(part)
        if not match:
            raise forms.ValidationError(
                _("« %(part)s » : écrivez les plages comme 09:00-12:00, 14:00-19:00."), params={"part": part})
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        try:
            opens, closes = dt.time(h1, m1), dt.time(h2, m2)
        except ValueError:
            raise forms.ValidationError(_("« %(part)s » : heure invalide."), params={"part": part}) from None
        if closes <= opens:
            raise forms.ValidationError(
                _("« %(part)s » : la fermeture doit être postérieure à l'ouverture."), params={"part": part})
        ranges.append((opens, closes))
    return ranges


class SpaceForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    kind = forms.ChoiceField(label=_("Type"), choices=SpaceKind.choices)
    capacity = forms.IntegerField(label=_("Capacité (personnes)"), min_value=1)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label=_("En service"), required=False, initial=True)
    outside_hours = forms.ChoiceField(
        label=_("En dehors des horaires d'ouverture"), choices=OutsideHoursPolicy.choices,
        initial=OutsideHoursPolicy.REFUSE, widget=forms.RadioSelect, required=False,
        help_text=_("Pour les réservations et les animations placées dans cet espace."))

    def __init__(self, *args, space: Space | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"hours_{day.value}"] = forms.CharField(
                label=_("Horaires du %(day)s") % {"day": day.label}, required=False,
                help_text=_("Par exemple 09:00-12:00, 14:00-19:00 ; vide : fermé."),
            )
        if space is not None and not self.is_bound:
            self.initial.update(name=space.name, kind=space.kind, capacity=space.capacity,
                                description=space.description, is_active=space.is_active,
                                outside_hours=space.outside_hours)
            for day in Weekday:
                self.initial[f"hours_{day.value}"] = ", ".join(
                    f"{h.opens_at:%H:%M}-{h.closes_at:%H:%M}" for h in space.opening_hours.all()
                    if h.weekday == day.value)

    def clean(self):
        cleaned = super().clean()
        ranges = []
        for day in Weekday:
            try:
                ranges += [(day.value, o, c) for o, c in parse_ranges(cleaned.get(f"hours_{day.value}", ""))]
            except forms.ValidationError as exc:
                self.add_error(f"hours_{day.value}", exc)
        cleaned["opening_hours"] = ranges
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {k: data[k] for k in ("name", "kind", "capacity", "description", "opening_hours")}
        if data.get("outside_hours"):  # not sent: the space keeps its setting (refuse for a new one)
            kwargs["outside_hours"] = data["outside_hours"]
        return kwargs


class SpaceFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(SpaceKind.choices))


class BookingForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Espace"), queryset=Space.objects.none())
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Début"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Fin"), widget=DATETIME)
    party_size = forms.IntegerField(label=_("Nombre de personnes"), min_value=1, initial=1)
    booker_kind = forms.ChoiceField(label=_("Réservé pour"), choices=BookerKind.choices, widget=forms.RadioSelect,
                                    initial=BookerKind.COORDINATOR)
    activity = forms.ModelChoiceField(label=_("Animation liée"), required=False, queryset=Activity.objects.none())
    partner = forms.ModelChoiceField(label=_("Partenaire (tiers intervenant)"), required=False,
                                     queryset=Partner.objects.none())
    workshop_theme = forms.ChoiceField(label=_("Atelier"), required=False,
                                       choices=[("", "—")] + list(WorkshopTheme.choices))
    resident = forms.ModelChoiceField(label=_("Habitant·e"), required=False, queryset=current_residents().none())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_outside_hours = forms.BooleanField(
        label=_("Confirmer malgré les horaires"), required=False,
        help_text=_("Pour un espace réglé sur « avertir » : enregistrer même en dehors des horaires d'ouverture."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = Space.objects.filter(is_active=True).order_by("name")
        recent = timezone.now() - dt.timedelta(days=30)
        self.fields["activity"].queryset = Activity.objects.filter(starts_at__gte=recent).order_by("starts_at")
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        self.fields["resident"].queryset = current_residents().order_by("first_name", "id")


class BookingFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    space = forms.ModelChoiceField(label=_("Espace"), required=False, queryset=Space.objects.all(),
                                   empty_label=_("Tous"))
    booker_kind = forms.ChoiceField(label=_("Réservé pour"), required=False,
                                    choices=[("", _("Tous"))] + list(BookerKind.choices))
    status = forms.ChoiceField(label=_("Statut"), required=False,
                               choices=list(BookingStatus.choices) + [("all", _("Toutes"))])
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE)


class DeskSignInForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("Poste"), queryset=Space.objects.none())
    resident = forms.ModelChoiceField(label=_("Habitant·e"), required=False, queryset=current_residents().none())
    visitor_name = forms.CharField(label=_("ou nom du visiteur ou de la visiteuse"), required=False, max_length=120)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Space.objects.filter(kind=SpaceKind.COWORKING_DESK, is_active=True)
        self.fields["resident"].queryset = current_residents().order_by("first_name", "id")


class DeskFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    desk = forms.ModelChoiceField(label=_("Poste"), required=False, empty_label=_("Tous"),
                                  queryset=Space.objects.filter(kind=SpaceKind.COWORKING_DESK))
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE)
    present_only = forms.BooleanField(label=_("Présent·es maintenant"), required=False)
