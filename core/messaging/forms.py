from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.activities.models import Activity
from core.messaging.models import Channel, DeliveryStatus, MessageStatus, MessageTemplate, OptOutSource, TargetKind
from core.messaging.texts import VARIABLES
from core.people.models import AgeBand, Interest, Resident
from core.people.selectors import current_residents
from core.voice.models import GovernanceBody, Need

VARIABLES_HELP = _("Variables : ") + ", ".join("{%s}" % name for name in VARIABLES)


class MessageForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Partir d'un modèle"), required=False,
                                      queryset=MessageTemplate.objects.none(), empty_label=_("Aucun"))
    subject = forms.CharField(label=_("Objet"), max_length=150, help_text=VARIABLES_HELP)
    body = forms.CharField(label=_("Texte (e-mail et affiche)"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=VARIABLES_HELP)
    sms_body = forms.CharField(
        label=_("Texte du SMS"), required=False, help_text=_("Vide : le texte de l'e-mail est repris."),
        widget=forms.Textarea(attrs={"rows": 3, "data-hx-get": "/messages/sms-compteur/", "data-hx-target": "#sms-count",
                                     "data-hx-trigger": "input changed delay:300ms, load", "aria-describedby": "sms-count"}))
    activity = forms.ModelChoiceField(label=_("Animation concernée"), required=False,
                                      queryset=Activity.objects.none())
    target_kind = forms.ChoiceField(label=_("Destinataires"), choices=TargetKind.choices, widget=forms.RadioSelect,
                                    initial=TargetKind.ALL)
    target_age_band = forms.ChoiceField(label=_("Tranche d'âge"), required=False,
                                        choices=[("", "—")] + list(AgeBand.choices))
    target_interest = forms.ChoiceField(label=_("Centre d'intérêt"), required=False,
                                        choices=[("", "—")] + list(Interest.choices))
    target_not_seen_weeks = forms.IntegerField(label=_("Pas vu·es depuis (semaines)"), required=False, min_value=1,
                                               max_value=104)
    target_body = forms.ModelChoiceField(label=_("Instance (membres en cours de mandat)"), required=False,
                                         queryset=GovernanceBody.objects.none())
    target_need = forms.ModelChoiceField(label=_("Besoin du catalogue"), required=False,
                                         queryset=Need.objects.none(),
                                         help_text=_("Réponses aux questionnaires, entretiens et permanences. "
                                                     "Les mentions anonymes n'ajoutent personne."))
    chosen_residents = forms.ModelMultipleChoiceField(label=_("Personnes choisies"), required=False,
                                                      queryset=Resident.objects.none(),
                                                      widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = MessageTemplate.objects.order_by("name")
        since = timezone.now() - timezone.timedelta(days=7)
        self.fields["activity"].queryset = Activity.objects.filter(starts_at__gte=since).order_by("starts_at")
        # The current schema's bodies and needs only: an id of another residence is « choix invalide ».
        self.fields["target_body"].queryset = GovernanceBody.objects.order_by("name", "id")
        self.fields["target_need"].queryset = Need.objects.order_by("label", "id")
        self.fields["chosen_residents"].queryset = current_residents().order_by("first_name", "id")

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Nom du modèle"), max_length=120)
    subject = forms.CharField(label=_("Objet"), max_length=150, help_text=VARIABLES_HELP)
    body = forms.CharField(label=_("Texte (e-mail et affiche)"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=VARIABLES_HELP)
    sms_body = forms.CharField(
        label=_("Texte du SMS"), required=False, help_text=_("Vide : le texte de l'e-mail est repris."),
        widget=forms.Textarea(attrs={"rows": 3, "data-hx-get": "/messages/sms-compteur/", "data-hx-target": "#sms-count",
                                     "data-hx-trigger": "input changed delay:300ms, load", "aria-describedby": "sms-count"}))


class MessageFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=[("", _("Tous"))] + list(MessageStatus.choices))


class TemplateFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), required=False,
                               choices=[("", _("Tous"))] + list(DeliveryStatus.choices))
    channel = forms.ChoiceField(label=_("Canal"), required=False, choices=[("", _("Tous"))] + list(Channel.choices))


class IdeaFilterForm(forms.Form):
    search = forms.CharField(label=_("Rechercher"), required=False)


class PosterForm(forms.Form):
    size = forms.ChoiceField(label=_("Format"), choices=[("A4", "A4"), ("A5", "A5")], initial="A4", required=False)


class OptOutLiftForm(forms.Form):
    """Lifting an opt-out. The tick is asked only for an opt-out the person asked for; the service decides
    (`services.opt_out_lift`), this form only carries the answer."""

    resident_asked = forms.BooleanField(label=_("La personne m'a demandé de recevoir à nouveau les messages"),
                                        required=False)

    def __init__(self, *args, opt_out, **kwargs):
        super().__init__(*args, **kwargs)
        if not opt_out.is_resident_wish:
            del self.fields["resident_asked"]


class OptOutFilterForm(forms.Form):
    """The API's filters of opt-outs (`/api/opt-outs/`)."""

    resident = forms.ModelChoiceField(label=_("Habitant·e"), required=False, queryset=Resident.objects.all())
    channel = forms.ChoiceField(label=_("Canal"), required=False, choices=[("", _("Tous"))] + list(Channel.choices))
    source = forms.ChoiceField(label=_("Origine"), required=False,
                               choices=[("", _("Toutes"))] + list(OptOutSource.choices))
