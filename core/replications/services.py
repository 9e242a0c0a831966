"""Writes of copied activity templates (current residence schema)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.replications.models import ActivityTemplate


@transaction.atomic
def activity_template_create(*, title: str, kind: str, audience: str, duration_minutes: int = 120,
                             capacity: int | None = None, is_intergenerational: bool = False,
                             description: str = "", source_sheet_id: int | None = None,
                             source_title: str = "") -> ActivityTemplate:
    """A template needs a title; its duration goes from 15 minutes to 24 hours (field-named refusals)."""
    template = ActivityTemplate(title=(title or "").strip(), kind=kind or "other", audience=audience or "all",
                                duration_minutes=duration_minutes or 120, capacity=capacity,
                                is_intergenerational=is_intergenerational, description=description,
                                source_sheet_id=source_sheet_id, source_title=source_title[:200])
    if not template.title:
        raise ValidationError({"title": [_("Donnez un intitulé au modèle.")]})
    template.full_clean()
    template.save()
    return template
