from django import forms
from django.utils.translation import gettext_lazy as _

from apes_platform.forms import DistinctIds
from core.partners.models import (
    AreaOfAction,
    InteractionKind,
    Partner,
    PartnerKind,
    PartnerScope,
    PartnershipStatus,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerForm(forms.Form):
    """Input of a partner (parsed here, checked by the service)."""

    name = forms.CharField(label=_("Nom"), max_length=160)
    kind = forms.ChoiceField(label=_("Type"), choices=PartnerKind.choices, initial=PartnerKind.ASSOCIATION)
    scope = forms.ChoiceField(label=_("Échelle d'action"), choices=PartnerScope.choices, initial=PartnerScope.CITY,
                              required=False)
    areas = forms.MultipleChoiceField(label=_("Domaines d'action"), choices=AreaOfAction.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    address = forms.CharField(label=_("Adresse"), max_length=250, required=False)
    postcode = forms.CharField(label=_("Code postal"), max_length=10, required=False)
    city = forms.CharField(label=_("Ville"), max_length=120, required=False)
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    siret = forms.CharField(label=_("SIRET"), max_length=20, required=False, help_text=_("14 chiffres."))
    rna = forms.CharField(label=_("Numéro RNA"), max_length=12, required=False,
                          help_text=_("Associations : W suivi de 9 chiffres."))
    contact_name = forms.CharField(label=_("Personne de contact"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    runs_workshops = forms.BooleanField(label=_("Tiers intervenant"), required=False,
                                        help_text=_("Anime des ateliers dans les espaces de la résidence."))
    is_active = forms.BooleanField(label=_("Actif"), required=False, initial=True)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_scope(self):
        return self.cleaned_data.get("scope") or PartnerScope.CITY

    @classmethod
    def for_partner(cls, partner: Partner, data=None):
        initial = {name: getattr(partner, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class PartnerCreateForm(PartnerForm):
    status = forms.ChoiceField(label=_("Statut du partenariat"), choices=PartnershipStatus.choices,
                               initial=PartnershipStatus.IDENTIFIED, required=False)

    def clean_status(self):
        return self.cleaned_data.get("status") or PartnershipStatus.IDENTIFIED


class PartnerFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(PartnerKind.choices))
    scope = forms.ChoiceField(label=_("Échelle"), required=False, choices=[("", _("Toutes"))] + list(PartnerScope.choices))
    area = forms.ChoiceField(label=_("Domaine d'action"), required=False,
                             choices=[("", _("Tous"))] + list(AreaOfAction.choices))
    status = forms.ChoiceField(label=_("Statut"), required=False,
                               choices=[("", _("Tous"))] + list(PartnershipStatus.choices))
    runs_workshops = forms.NullBooleanField(
        label=_("Tiers intervenant"), required=False,
        widget=forms.Select(choices=[("", _("Tous")), ("true", _("oui")), ("false", _("non"))]),
    )
    active_only = forms.BooleanField(label=_("Actifs seulement"), required=False)
    duplicates_only = forms.BooleanField(label=_("Doublons possibles"), required=False)


class StatusForm(DistinctIds, forms.Form):
    id_prefix = "status"
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=PartnershipStatus.choices)
    changed_on = forms.DateField(label=_("Depuis le"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ContactForm(DistinctIds, forms.Form):
    id_prefix = "contact"
    name = forms.CharField(label=_("Nom"), max_length=120)
    role = forms.CharField(label=_("Fonction"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)


class InteractionForm(DistinctIds, forms.Form):
    id_prefix = "interaction"
    kind = forms.ChoiceField(label=_("Type d'échange"), choices=InteractionKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("Prochaine étape"), max_length=250, required=False)
    next_step_due = forms.DateField(label=_("À faire pour le"), required=False, widget=DATE)
    activity = forms.ModelChoiceField(label=_("Animation concernée"), queryset=None, required=False,
                                      help_text=_("Pour une animation co-organisée ou un atelier accueilli."))

    def __init__(self, *args, **kwargs):
        from core.activities.models import Activity

        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.order_by("-starts_at", "id")


class InteractionFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + list(InteractionKind.choices))
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE)
    open_next_steps = forms.BooleanField(label=_("Prochaines étapes à faire"), required=False)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    invited = forms.ModelMultipleChoiceField(label=_("Partenaires invités"), queryset=Partner.objects.none(),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    present = forms.ModelMultipleChoiceField(label=_("Partenaires présents"), queryset=Partner.objects.none(),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    minutes = forms.CharField(label=_("Compte rendu"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(label=_("Décisions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("invited", "present"):
            self.fields[name].queryset = Partner.objects.order_by("name", "id")


class MeetingFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    date_from = forms.DateField(label=_("Du"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Au"), required=False, widget=DATE)


class NetworkFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Domaine d'action"), required=False,
                             choices=[("", _("Tous"))] + list(AreaOfAction.choices))
    since = forms.DateField(label=_("Depuis le"), required=False, widget=DATE)


class MergeForm(forms.Form):
    confirm = forms.BooleanField(label=_("Je confirme la fusion"), required=True)
