"""One form rendering for every app (apes_platform.forms.FormRenderer, platform/templates/forms/)."""
import datetime as dt
import re

from django import forms
from django.utils import timezone, translation

from core.partners.forms import PartnerForm
from core.privacy.forms import ConsentForm, EraseForm
from core.spaces.forms import BookingForm
from tests.conftest import client_on


def test_date_inputs_show_iso_values_so_the_browser_displays_them(residence_a, in_schema):
    """`<input type="date">` shows nothing for 01/12/2026: the consent and survey forms were empty."""
    from core.evaluation.forms import SurveyResponseForm

    today = timezone.localdate().isoformat()
    with translation.override("fr"):
        assert f'type="date" name="given_on" value="{today}"' in str(ConsentForm()["given_on"])
        with in_schema(residence_a):
            assert f'value="{today}"' in str(SurveyResponseForm()["answered_on"])
        # French spellings typed by hand are still read.
        form = ConsentForm({"scope": ConsentForm().fields["scope"].choices[0][0], "given_on": "01/11/2026"})
        form.is_valid()
        assert "given_on" not in form.errors or form.cleaned_data.get("given_on") is None
        assert ConsentForm().fields["given_on"].to_python("01/11/2026") == dt.date(2026, 11, 1)


def test_an_empty_choice_reads_choisir(residence_a, in_schema):
    with in_schema(residence_a), translation.override("fr"):
        html = str(BookingForm()["space"])
    assert '<option value="" selected>Choisir…</option>' in html
    assert "---------" not in html


def test_email_and_phone_fields_bring_the_right_keyboard(residence_a, in_schema):
    with in_schema(residence_a):
        form = PartnerForm()
        email, phone = str(form["email"]), str(form["phone"])
    assert 'type="email"' in email and 'inputmode="email"' in email and 'autocomplete="off"' in email
    assert 'type="tel"' in phone and 'inputmode="tel"' in phone


def test_a_checkbox_and_radios_sit_beside_their_label():
    class Choice(forms.Form):
        colour = forms.ChoiceField(label="Couleur", choices=[("r", "Rouge"), ("v", "Vert")], widget=forms.RadioSelect)

    radio = Choice()["colour"].as_field_group()
    assert "<fieldset" in radio and "<legend>Couleur\xa0:</legend>" in radio
    assert re.search(r'<label for="id_colour_0"><input type="radio"[^>]*id="id_colour_0"[^>]*>\s*Rouge</label>', radio)
    checkbox = EraseForm()["confirm"].as_field_group()
    assert re.search(r'<div class="checkbox-row"><input type="checkbox"[^>]*> <label for="id_confirm">', checkbox)


def test_a_refused_form_lists_its_errors_at_the_top_linking_to_each_field(residence_a, coordinator_a):
    html = client_on(residence_a, coordinator_a).post("/espaces/reservations/nouvelle/", {"title": ""}).content.decode()
    summary = re.search(r'<div class="error error-summary" role="alert" tabindex="-1" data-focus>(.*?)</div>',
                        html, re.S).group(1)
    assert '<a href="#id_space">Espace : Ce champ est obligatoire.</a>' in summary
    assert '<a href="#id_title">' in summary
    assert re.search(r'<select name="space"[^>]*aria-invalid="true"', html)



def test_a_hidden_input_carries_no_aria_attribute():
    class WithHiddenInitial(forms.Form):
        code = forms.CharField(help_text="Généré", initial=lambda: "abc", show_hidden_initial=True)

    html = str(WithHiddenInitial()["code"])
    hidden = re.search(r'<input type="hidden"[^>]*>', html).group(0)
    visible = re.search(r'<input type="text"[^>]*>', html).group(0)
    assert "aria-" not in hidden and 'aria-describedby="id_code_helptext"' in visible


def test_a_refused_forms_errors_on_one_line_put_the_colon_as_each_language_does():
    from apes_platform.forms import form_errors_line

    class CountsForm(forms.Form):
        children = forms.IntegerField(label=translation.gettext_lazy("Enfants"))

        def clean(self):
            raise forms.ValidationError("Comptage refusé.")

    for language, expected in (("fr", "Enfants : "), ("en", "Children: ")):
        with translation.override(language):
            form = CountsForm({"children": "x"})
            assert not form.is_valid()
            line = form_errors_line(form)
            assert line.startswith(expected) and line.endswith("Comptage refusé."), line
