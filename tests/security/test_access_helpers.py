"""`access_<thing>_by_id(actor=…, id=…)`: the check and the fetch in one step, for every caller.

The actor must be allowed in the residence the connection is on (its coordinators, the head
office); anyone else gets the same 404 as an id that does not exist.
"""
import pytest
from django.http import Http404
from django.contrib.auth.models import AnonymousUser

from core.activities.factories import ActivityFactory
from core.activities.selectors import access_activity_by_id
from core.spaces.factories import SpaceFactory
from core.spaces.selectors import access_space_by_id
from reporting.reports.models import ReportJob
from reporting.reports.selectors import access_landlord_report_job_by_id, access_residence_report_job_by_id
from reporting.selectors import access_residence_by_id


def test_residence_helpers_check_the_actor(residence_a, coordinator_a, coordinator_b, head_office, viewer_l1,
                                           in_schema):
    with in_schema(residence_a):
        space, activity = SpaceFactory(), ActivityFactory()
        assert access_space_by_id(actor=coordinator_a, id=space.pk) == space
        assert access_activity_by_id(actor=head_office, id=str(activity.pk)) == activity
        for outsider in (coordinator_b, viewer_l1, AnonymousUser()):
            with pytest.raises(Http404):
                access_space_by_id(actor=outsider, id=space.pk)
            with pytest.raises(Http404):
                access_activity_by_id(actor=outsider, id=activity.pk)
        with pytest.raises(Http404):
            access_space_by_id(actor=coordinator_a, id="not-a-number")


def test_reporting_helpers_check_the_actor(residence_a, residence_b, coordinator_a, viewer_l1, viewer_l2,
                                           head_office):
    assert access_residence_by_id(actor=viewer_l1, id=residence_a.pk) == residence_a
    with pytest.raises(Http404):
        access_residence_by_id(actor=viewer_l2, id=residence_a.pk)
    job = ReportJob.objects.create(kind=ReportJob.Kind.RESIDENCE, residence=residence_a, year=2026)
    assert access_residence_report_job_by_id(actor=coordinator_a, id=job.pk, residence=residence_a) == job
    with pytest.raises(Http404):
        access_residence_report_job_by_id(actor=viewer_l1, id=job.pk, residence=residence_a)
    landlord_job = ReportJob.objects.create(kind=ReportJob.Kind.LANDLORD, landlord=residence_a.landlord, year=2026)
    assert access_landlord_report_job_by_id(actor=head_office, id=landlord_job.pk) == landlord_job
    with pytest.raises(Http404):
        access_landlord_report_job_by_id(actor=viewer_l2, id=landlord_job.pk)
