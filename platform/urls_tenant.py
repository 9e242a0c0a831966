"""URLs of a residence subdomain (the residence's schema)."""
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from apes_platform.views import health
from core.activities.api.views import ActivityViewSet
from core.agenda import views as agenda_views
from core.dropins.api.views import FollowUpViewSet, SlotViewSet, VisitViewSet
from core.people.api.views import ResidentViewSet

router = DefaultRouter()
router.register("residents", ResidentViewSet, basename="resident")
router.register("activities", ActivityViewSet, basename="activity")
router.register("dropin-slots", SlotViewSet, basename="dropin-slot")
router.register("dropin-visits", VisitViewSet, basename="dropin-visit")
router.register("dropin-follow-ups", FollowUpViewSet, basename="dropin-follow-up")

urlpatterns = [
    path("", agenda_views.home, name="home"),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("activites/", include("core.activities.urls")),
    path("habitants/", include("core.people.urls")),
    path("permanences/", include("core.dropins.urls")),
    path("agenda/", include("core.agenda.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="apes_platform.urls_tenant"), name="api-schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sante/", health, name="health"),
]
