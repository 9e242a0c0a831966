"""What a message says: template variables, per-resident rendering, and the SMS length rule.

One function counts SMS segments (`sms_segments`); the compose screen asks it through an HTMX
endpoint while the coordinator types, and the sender uses it for the provider's `unicodeEnabled`.
"""
from __future__ import annotations

import math
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The only things a message may show about a person or an activity: never a sensitive field.
VARIABLES = {
    "prenom": gettext_lazy("le prénom (ou pseudonyme) de la personne"),
    "animation": gettext_lazy("l'intitulé de l'animation"),
    "date": gettext_lazy("le jour de l'animation"),
    "heure": gettext_lazy("l'heure de début"),
    "lieu": gettext_lazy("le lieu"),
    "lien": gettext_lazy("le lien vers l'agenda de l'espace habitant·e"),
}

# GSM 03.38: the basic set (1 unit each) and the extension table (2 units: escape + char).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int
    per_segment: int
    remaining: int  # units left in the last segment

    @property
    def is_unicode(self) -> bool:
        return self.encoding == "UCS-2"


def sms_segments(text: str) -> SmsLength:
    """How many SMS a text costs: GSM-7 160 (153 when split), else UCS-2 70 (67 when split)."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    if units <= single:
        segments, per_segment = (1 if units else 0), single
    else:
        segments, per_segment = math.ceil(units / multi), multi
    remaining = max(segments, 1) * per_segment - units
    return SmsLength(encoding=encoding, units=units, segments=segments, per_segment=per_segment,
                     remaining=remaining)


def variables_in(text: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:  # a lone "{" or "}"
        raise ValidationError(_("Accolade mal fermée : écrivez les variables comme {prenom}.")) from exc


def check_variables(field: str, text: str) -> None:
    """Refuse, naming the field, a variable that does not exist (or a stray brace)."""
    try:
        unknown = variables_in(text) - set(VARIABLES)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if unknown:
        raise ValidationError({field: _("Variable inconnue : %(names)s. Variables possibles : %(known)s.") % {
            "names": ", ".join("{%s}" % n for n in sorted(unknown)),
            "known": ", ".join("{%s}" % n for n in VARIABLES)}})


def context_for(*, resident=None, activity=None, portal_url: str = "") -> dict[str, str]:
    """The values of the variables for one person (first name only) and one activity."""
    values = {"prenom": "", "animation": "", "date": "", "heure": "", "lieu": "", "lien": portal_url}
    if resident is not None:
        values["prenom"] = resident.pseudonym or resident.first_name
    if activity is not None:
        start = timezone.localtime(activity.starts_at)
        values.update(animation=activity.title, date=formats.date_format(start, "l j F"),
                      heure=start.strftime("%H:%M").replace(":", "h"), lieu=activity.place_label)
    return values


def render(text: str, values: dict[str, str]) -> str:
    return text.format_map({name: values.get(name, "") for name in VARIABLES})
