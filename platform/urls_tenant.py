"""URLs of a residence subdomain (the residence's schema)."""
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from apes_platform.views import health
from core.activities import views as activity_views
from core.activities.api.views import ActivityViewSet
from core.people.api.views import ResidentViewSet
from core.partners.api.views import PartnerViewSet
from core.safety.api.views import (
    IncidentViewSet,
    RulesAcknowledgementViewSet,
    SafetyCheckViewSet,
    SpaceRulesViewSet,
)
from core.spaces.api.views import BookingViewSet, DeskSignInViewSet, SpaceViewSet

router = DefaultRouter()
router.register("residents", ResidentViewSet, basename="resident")
router.register("activities", ActivityViewSet, basename="activity")
router.register("spaces", SpaceViewSet, basename="space")
router.register("bookings", BookingViewSet, basename="booking")
router.register("desk-sign-ins", DeskSignInViewSet, basename="desk-sign-in")
router.register("partners", PartnerViewSet, basename="partner")
router.register("space-rules", SpaceRulesViewSet, basename="space-rules")
router.register("rules-acknowledgements", RulesAcknowledgementViewSet, basename="rules-acknowledgement")
router.register("safety-checks", SafetyCheckViewSet, basename="safety-check")
router.register("incidents", IncidentViewSet, basename="incident")

urlpatterns = [
    path("", activity_views.home, name="home"),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("activites/", include("core.activities.urls")),
    path("habitants/", include("core.people.urls")),
    path("espaces/", include("core.spaces.urls")),
    path("securite/", include("core.safety.urls")),
    path("partenaires/", include("core.partners.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="apes_platform.urls_tenant"), name="api-schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sante/", health, name="health"),
]
