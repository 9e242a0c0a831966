"""Reads of the activity templates of the current residence."""
from django.db.models import QuerySet

from apes_platform.access import access_by_id
from core.replications.models import ActivityTemplate


def activity_template_list() -> QuerySet[ActivityTemplate]:
    return ActivityTemplate.objects.all()


def access_activity_template_by_id(*, actor, id) -> ActivityTemplate:  # noqa: A002
    return access_by_id(ActivityTemplate.objects.all(), id, actor=actor, message="activity template not found")
