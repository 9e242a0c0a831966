"""The residence URL conf plus a search view that fails after querying by a resident's name."""
from django.urls import path

from apes_platform.urls_tenant import urlpatterns as residence_urlpatterns
from core.people.models import Resident


def failing_search(request):
    name = request.POST.get("prenom") or request.GET.get("habitant")
    found = list(Resident.objects.filter(first_name=name))
    raise RuntimeError(f"Recherche de {name} : {len(found)} résultat(s)")


urlpatterns = [path("recherche-en-panne/", failing_search), *residence_urlpatterns]
