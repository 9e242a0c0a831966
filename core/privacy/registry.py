"""What other apps tell the privacy app: where a resident was last seen, what else to erase.

Contact sources say when a resident was last in touch with the residence (the
retention clock). Erasure hooks remove what another app holds about one
resident when that resident is anonymised. Apps append to both lists from
their AppConfig.ready(); an app that is absent simply registers nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class ContactSource:
    """Rows of `model` (app_label.Model) point to a resident through `resident_path`; `date_path` is when."""

    model: str
    resident_path: str
    date_path: str

    def resolve(self):
        """The model class, or None when its app is not installed (the source is then ignored)."""
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None


CONTACT_SOURCES: list[ContactSource] = [
    ContactSource("activities.Attendance", "resident", "activity__starts_at"),
]

# Called with resident=<Resident> inside the anonymisation transaction.
ERASURE_HOOKS: list[Callable] = []


def register_contact_source(source: ContactSource) -> None:
    if source not in CONTACT_SOURCES:
        CONTACT_SOURCES.append(source)


def register_erasure_hook(hook: Callable) -> None:
    if hook not in ERASURE_HOOKS:
        ERASURE_HOOKS.append(hook)


_DATE_FIELD_NAMES = ("visited_at", "starts_at", "happened_at", "occurred_at", "date", "created_at")


def discover_dropin_sources() -> None:
    """Drop-in visits count as contact: any dropins model pointing to a resident, dated by its first date field."""
    if not apps.is_installed("core.dropins"):
        return
    resident_model = apps.get_model("people", "Resident")
    for model in apps.get_app_config("dropins").get_models():
        links = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is resident_model]
        dates = {f.name: f for f in model._meta.concrete_fields if f.get_internal_type() in {"DateField", "DateTimeField"}}
        date_name = next((name for name in _DATE_FIELD_NAMES if name in dates), None)
        if links and date_name:
            register_contact_source(ContactSource(model._meta.label, links[0].name, date_name))
