"""Forms of the network of practice: input shapes handed to the services as plain values."""
from django import forms
from django.utils.translation import gettext_lazy as _

from network.practice.models import (
    CostBand,
    EventKind,
    PracticeSheet,
    ResourceKind,
    SheetAudience,
    SheetStatus,
    SizeBand,
    SourceKind,
    Theme,
)

ANY = [("", _("Tous"))]


class SheetFilterForm(forms.Form):
    """One filter for the page, the export and the API."""

    search = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Thème"), required=False, choices=ANY + list(Theme.choices))
    audience = forms.ChoiceField(label=_("Public"), required=False, choices=ANY + list(SheetAudience.choices))
    cost_band = forms.ChoiceField(label=_("Coût"), required=False, choices=ANY + list(CostBand.choices))
    size_band = forms.ChoiceField(label=_("Taille de la résidence"), required=False,
                                  choices=ANY + list(SizeBand.choices))
    status = forms.ChoiceField(label=_("Statut"), required=False,
                               choices=ANY + [(SheetStatus.SUBMITTED, SheetStatus.SUBMITTED.label),
                                              (SheetStatus.PUBLISHED, SheetStatus.PUBLISHED.label)])


class SheetStartForm(forms.Form):
    source = forms.ChoiceField(label=_("Écrire une fiche à partir de"), choices=())

    def __init__(self, *args, projects=(), series=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = (
            [("", "—")]
            + [(str(_("Projets d'habitant·es")), [(f"project:{p.pk}", p.title) for p in projects])]
            + [(str(_("Séries d'animations")), [(f"series:{s.pk}", str(s)) for s in series])])

    def source_values(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["source"].partition(":")
        return (kind if kind in SourceKind.values else ""), int(pk or 0)


class SheetForm(forms.ModelForm):
    activity_title = forms.CharField(label=_("Modèle d'animation : intitulé"), max_length=200)
    activity_duration = forms.IntegerField(label=_("Modèle d'animation : durée (minutes)"), min_value=15,
                                           max_value=24 * 60)
    photo = forms.FileField(label=_("Photo (sans personne)"), required=False,
                            help_text=_("PNG ou JPEG. Aucune photo où l'on reconnaît quelqu'un."))
    photo_shows_no_one = forms.BooleanField(label=_("La photo ne montre personne"), required=False)

    class Meta:
        model = PracticeSheet
        fields = ["title", "theme", "audience", "cost_band", "context", "objectives", "how", "partner_kinds",
                  "budget", "what_worked", "pitfalls", "materials"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ("context", "objectives", "how", "what_worked", "pitfalls", "materials")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        activity = (self.instance.skeleton or {}).get("activity") or {}
        self.fields["activity_title"].initial = activity.get("title", self.instance.title)
        self.fields["activity_duration"].initial = activity.get("duration_minutes", 120)
        self.fields["photo_shows_no_one"].initial = self.instance.photo_shows_no_one

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in self.Meta.fields}
        kwargs["activity"] = {"title": data["activity_title"], "duration_minutes": data["activity_duration"]}
        kwargs["photo"] = data.get("photo") or None
        kwargs["photo_shows_no_one"] = data["photo_shows_no_one"]
        return kwargs


class PublishForm(forms.Form):
    for_landlords = forms.BooleanField(label=_("Publier aussi pour les équipes des bailleurs"), required=False)


class ReturnForm(forms.Form):
    review_note = forms.CharField(label=_("Ce qui est à reprendre"), widget=forms.Textarea(attrs={"rows": 3}),
                                  max_length=2000)


class ResourceFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=ANY + list(ResourceKind.choices))
    tag = forms.CharField(label=_("Mot-clé"), required=False, max_length=60)


class AudienceFields(forms.Form):
    for_coordinators = forms.BooleanField(label=_("Visible des coordinations"), required=False, initial=True)
    for_landlords = forms.BooleanField(label=_("Visible des équipes des bailleurs"), required=False)
    for_partners = forms.BooleanField(label=_("Ouvert aux partenaires"), required=False)


class ResourceForm(AudienceFields):
    title = forms.CharField(label=_("Titre"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ResourceKind.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tags = forms.CharField(label=_("Mots-clés"), required=False, max_length=300, help_text=_("Séparés par des virgules."))
    file = forms.FileField(label=_("Fichier"), help_text=_("PDF, Word, Excel, OpenDocument, PNG ou JPEG."))

    field_order = ["title", "kind", "description", "tags", "file", "for_coordinators", "for_landlords",
                   "for_partners"]


class ResourceEditForm(ResourceForm):
    """Edit a resource's description and audience; a new file is a new version (on the resource's page)."""

    file = None
    field_order = ["title", "kind", "description", "tags", "for_coordinators", "for_landlords", "for_partners"]


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Nouvelle version du fichier"))
    note = forms.CharField(label=_("Ce qui change"), required=False, max_length=300)


class EventFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=ANY + list(EventKind.choices))
    when = forms.ChoiceField(label=_("Quand"), required=False,
                             choices=[("", _("À venir")), ("past", _("Passés")), ("all", _("Tous"))])

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        when = data.get("when", "")
        return {"search": data.get("search", ""), "kind": data.get("kind", ""),
                "upcoming": {"": True, "past": False}.get(when)}


class EventForm(AudienceFields):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    starts_at = forms.DateTimeField(label=_("Début"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    ends_at = forms.DateTimeField(label=_("Fin"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label=_("Lieu"), required=False, max_length=300)
    video_link = forms.URLField(label=_("Lien de visioconférence"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["title", "kind", "starts_at", "ends_at", "place", "video_link", "capacity", "description",
                   "for_coordinators", "for_landlords", "for_partners"]


class PartnerRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Nom du ou de la partenaire"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))


class ExperimentForm(forms.Form):
    is_experiment = forms.BooleanField(label=_("Suivre comme expérimentation"), required=False)
