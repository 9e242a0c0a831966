"""Validate a whole file, then save it in one transaction, or save nothing."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apes_platform.input_rules import control_character_message, has_control_characters
from core.imports.parsing import ImportFileError, read_table
from core.imports.specs import CHOICES, DATE_FIELDS, ImportSpec, choice_value, parse_date
from core.people.models import Resident
from core.people.services import resident_create


@dataclass(frozen=True)
class RowError:
    line: int          # line number in the file (the header is line 1); 0 for the file itself
    column: str        # French column header, or "" for the file / the whole row
    message: str


@dataclass
class ImportReport:
    spec: ImportSpec
    rows: list = field(default_factory=list)   # validated, unsaved instances
    errors: list[RowError] = field(default_factory=list)
    saved: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _row_instance(spec: ImportSpec, mapping, cells: list[str], line: int, errors: list[RowError]):
    values = {}
    for column, index in mapping.items():
        text = cells[index].strip() if index < len(cells) else ""
        if has_control_characters(text):  # the project's one text rule (apes_platform.input_rules)
            errors.append(RowError(line, column.header, control_character_message(column.header)))
            continue
        if not text:
            if column.required:
                errors.append(RowError(line, column.header, _("Ce champ est obligatoire.")))
            continue
        if column.field in CHOICES:
            value = choice_value(text, CHOICES[column.field])
            if value is None:
                allowed = ", ".join(str(label) for _, label in CHOICES[column.field])
                errors.append(RowError(line, column.header,
                                       _("« %(value)s » n'est pas une valeur permise (%(allowed)s).")
                                       % {"value": text[:40], "allowed": allowed}))
                continue
        elif column.field in DATE_FIELDS:
            value = parse_date(text)
            if value is None:
                errors.append(RowError(line, column.header,
                                       _("« %(value)s » n'est pas une date (attendu : JJ/MM/AAAA).") % {"value": text[:40]}))
                continue
        else:
            value = text
        values[column.field] = value
    instance = spec.model(**values)
    if spec.model is Resident and instance.last_name_initial:
        instance.last_name_initial = instance.last_name_initial.upper()
    known = {c.field: c.header for c in mapping}
    try:
        instance.full_clean(exclude=[f.name for f in spec.model._meta.fields if f.name not in values])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                errors.append(RowError(line, known.get(name, ""), message))
    return instance


def import_validate(*, spec: ImportSpec, content: bytes, filename: str) -> ImportReport:
    """Check every row and collect every error, with its line and column; save nothing."""
    report = ImportReport(spec=spec)
    try:
        headers, body = read_table(content=content, filename=filename)
    except ImportFileError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    mapping = {}
    for index, header in enumerate(headers):
        column = spec.column_for(header)
        if column is not None and column not in mapping:
            mapping[column] = index
    missing = [c.header for c in spec.columns if c.required and c not in mapping]
    for header in missing:
        report.errors.append(RowError(1, header, _("Colonne obligatoire absente de la première ligne.")))
    if missing:
        return report
    if not body:
        report.errors.append(RowError(0, "", _("Le fichier ne contient aucune ligne de données.")))
        return report
    for line, cells in body:
        report.rows.append(_row_instance(spec, mapping, cells, line, report.errors))
    return report


def import_run(*, spec: ImportSpec, content: bytes, filename: str) -> ImportReport:
    """All rows or none: the file is saved only if every row is valid, in one transaction."""
    report = import_validate(spec=spec, content=content, filename=filename)
    if not report.is_valid:
        return report
    with transaction.atomic():
        for instance in report.rows:
            if spec.model is Resident:
                resident_create(first_name=instance.first_name, age_band=instance.age_band,
                                consent_on=instance.consent_on, last_name_initial=instance.last_name_initial,
                                pseudonym=instance.pseudonym)
            else:
                # Through the service: a dated status, and possible duplicates flagged on the partner list.
                from core.partners.services import partner_create

                partner_create(name=instance.name, kind=instance.kind, contact_name=instance.contact_name,
                               email=instance.email, phone=instance.phone)
            report.saved += 1
    return report
