"""The admin and every generated label speak French: every field of core.voice names itself; the
voice forms read other apps through their selectors."""
import ast
import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone, translation

import core.voice

VOICE = Path(core.voice.__file__).parent


def test_every_field_and_model_of_voice_has_a_french_name():
    unnamed, models_unnamed = [], []
    for model in apps.get_app_config("voice").get_models():
        for field in model._meta.get_fields():
            # `_verbose_name` keeps what the model said; None means Django made one from the attribute.
            if not field.auto_created and getattr(field, "_verbose_name", "") is None:
                unnamed.append(f"{model.__name__}.{field.name}")
        if "verbose_name" not in model._meta.original_attrs:
            models_unnamed.append(model.__name__)
    assert unnamed == [] and models_unnamed == []


def test_the_names_are_the_french_source_strings_and_translated_in_english():
    from core.voice.models import Answer, VoterRegisterEntry

    with translation.override("fr"):
        assert str(Answer._meta.get_field("text").verbose_name) == "réponse libre"
        assert str(VoterRegisterEntry._meta.get_field("household").verbose_name) == "foyer (logement)"
    with translation.override("en"):
        assert str(Answer._meta.get_field("text").verbose_name) != "réponse libre"


def test_voice_forms_import_no_model_of_activities():
    tree = ast.parse((VOICE / "forms.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "core.activities.models" not in imported
    assert "core.people.models" not in imported  # residents come through core.people.selectors


@pytest.mark.django_db
def test_need_form_offers_the_last_year_s_activities_through_the_selector(residence_a, in_schema):
    from core.activities.factories import ActivityFactory
    from core.voice.forms import NeedForm

    with in_schema(residence_a):
        recent = ActivityFactory(title="Atelier numérique", starts_at=timezone.now() - dt.timedelta(days=30))
        coming = ActivityFactory(title="Cours de français", starts_at=timezone.now() + dt.timedelta(days=7))
        old = ActivityFactory(title="Atelier d'il y a deux ans", starts_at=timezone.now() - dt.timedelta(days=730))
        offered = set(NeedForm().fields["activities"].queryset)
        assert {recent, coming} <= offered and old not in offered
        form = NeedForm({"label": "aide numérique", "activities": [recent.pk, old.pk]})
        assert not form.is_valid() and "activities" in form.errors
        form = NeedForm({"label": "aide numérique", "activities": [recent.pk]})
        assert form.is_valid() and list(form.cleaned_data["activities"]) == [recent]
