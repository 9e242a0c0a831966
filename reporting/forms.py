"""The filters of the reporting pages: period, residences, sort order."""
from html import escape

from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from reporting.periods import MONTH, Period, parse_period, period_start
from reporting.selectors import SIZE_BANDS, ResidenceFilters
from tenants.models import Landlord

YES_NO = [("", _("toutes")), ("oui", _("en QPV")), ("non", _("hors QPV"))]


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    )


class QuickSelect(forms.Select):
    """A `<select>` with exactly the markup of Django's select templates, built in Python.

    Django renders each `<option>` through two included templates: about 0.3 ms an option,
    15 ms for the filters of every reporting page. Same context (`get_context`), same output
    (tested against Django's rendering), no template work.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(f'\n  <option value="{escape(str(option["value"]))}"{_attrs_html(option["attrs"])}>'
                             f'{conditional_escape(option["label"])}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def default_period() -> Period:
    """The last complete month."""
    return Period(MONTH, period_start(MONTH, timezone.localdate())).previous()


class ReportingFilterForm(forms.Form):
    periode = forms.CharField(label=_("Période"), required=False,
                              help_text=_("Mois (2026-10), trimestre (2026-T4) ou année (2026)."))
    bailleur = forms.ModelChoiceField(label=_("Bailleur"), queryset=Landlord.objects.all(), required=False,
                                      empty_label=_("tous"), widget=QuickSelect)
    departement = forms.ChoiceField(label=_("Département"), required=False, widget=QuickSelect)
    qpv = forms.ChoiceField(label=_("Quartier prioritaire"), choices=YES_NO, required=False, widget=QuickSelect)
    taille = forms.ChoiceField(label=_("Taille"), required=False, widget=QuickSelect,
                               choices=[("", _("toutes"))] + [(c, label) for c, label, *_ in SIZE_BANDS])
    tri = forms.CharField(required=False, widget=forms.HiddenInput)
    ordre = forms.ChoiceField(required=False, choices=[("", ""), ("asc", "asc"), ("desc", "desc")],
                              widget=forms.HiddenInput)

    def __init__(self, data=None, *, departments: list[str], with_landlord: bool):
        super().__init__(data)
        self.fields["departement"].choices = [("", _("tous"))] + [(d, d) for d in departments]
        if not with_landlord:
            del self.fields["bailleur"]

    def clean_periode(self) -> Period:
        value = self.cleaned_data.get("periode")
        if not value:
            return default_period()
        period = parse_period(value)
        if period is None:
            raise forms.ValidationError(
                _("Période attendue au format AAAA-MM (mois), AAAA-Tn (trimestre) ou AAAA (année).")
            )
        return period

    def period(self) -> Period:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["periode"]
        return default_period()

    def residence_filters(self) -> ResidenceFilters:
        if not (self.is_bound and self.is_valid()):
            return ResidenceFilters()
        data = self.cleaned_data
        landlord = data.get("bailleur")
        return ResidenceFilters(
            landlord_id=landlord.pk if landlord else None,
            department=data.get("departement") or "",
            priority_neighbourhood={"oui": True, "non": False}.get(data.get("qpv") or ""),
            size_band=data.get("taille") or "",
        )

    def sort(self) -> tuple[str, bool]:
        if not (self.is_bound and self.is_valid()):
            return "", False
        return self.cleaned_data.get("tri") or "", self.cleaned_data.get("ordre") == "desc"

