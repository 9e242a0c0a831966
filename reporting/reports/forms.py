from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Landlord


class ReportRequestForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000,
                              error_messages={"min_value": _("L'année doit être 2000 ou après.")})

    def __init__(self, *args, landlords=None, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].widget.attrs.update({"max": this_year, "min": 2000, "inputmode": "numeric"})
        self.fields["year"].initial = this_year
        if landlords is not None:
            self.fields["landlord"] = forms.ModelChoiceField(label=_("Bailleur"), queryset=landlords,
                                                             empty_label=None)


class ReportFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("État"), required=False)

    def __init__(self, *args, **kwargs):
        from reporting.reports.models import ReportJob

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Tous"))] + list(ReportJob.Status.choices)


def landlord_choices():
    return Landlord.objects.order_by("name")
