"""The residence URL conf plus one failing view, for the Sentry test only."""
from django.urls import path

from apes_platform.urls_tenant import urlpatterns as residence_urlpatterns
from core.people.models import Resident


def failing_view(request):
    resident = Resident.objects.order_by("pk").first()
    secret_note = f"{resident.first_name} a des difficultés"  # a local that must not leave
    raise RuntimeError(f"Échec pour {resident.first_name}: {secret_note}")


urlpatterns = [path("boom/", failing_view), *residence_urlpatterns]
