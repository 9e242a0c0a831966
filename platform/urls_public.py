"""URLs of the bare domain (public schema): head office and landlords."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from apes_platform.views import favicon, health
from tenants import views as tenants_views
from reporting import views as reporting_views
from reporting.api.views import (
    IndicatorCatalogueView,
    IndicatorValueListView,
    ReportingResidenceDetailView,
    ReportingResidenceListView,
)
from network.practice.api.views import NetworkEventViewSet, NetworkResourceViewSet, PracticeSheetViewSet
from network.calls.api.views import LandlordCallApplicationViewSet, LandlordCallViewSet, LaureateViewSet
from tenants.api.views import ResidenceViewSet

router = DefaultRouter()
router.register("residences", ResidenceViewSet, basename="residence")
router.register("practice-sheets", PracticeSheetViewSet, basename="practice-sheet")
router.register("network-resources", NetworkResourceViewSet, basename="network-resource")
router.register("network-events", NetworkEventViewSet, basename="network-event")
router.register("landlord-calls", LandlordCallViewSet, basename="landlord-call")
router.register("landlord-call-applications", LandlordCallApplicationViewSet, basename="landlord-call-application")
router.register("laureates", LaureateViewSet, basename="laureate")

reporting_patterns = (
    [
        path("", reporting_views.comparison, name="comparison"),
        path("bailleur/", reporting_views.landlord, name="landlord"),
        path("tendances/", reporting_views.trends, name="trends"),
        path("residences/<int:pk>/", reporting_views.residence_detail, name="residence"),
        path("calculs/lancer/", reporting_views.refresh_start, name="refresh-start"),
        path("calculs/<int:pk>/", reporting_views.refresh_run, name="refresh-run"),
    ],
    "reporting",
)

urlpatterns = [
    path("", reporting_views.public_home, name="home"),
    path("connexion/", tenants_views.LoginView.as_view(), name="login"),
    path("connexion/verification/", tenants_views.mfa_verify, name="mfa-verify"),
    path("connexion/double-authentification/", tenants_views.mfa_enrol, name="mfa-enrol"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("pilotage/financements/", include("core.funding.urls_public")),
    path("pilotage/", include(reporting_patterns)),
    path("pilotage/budget/", include("core.budget.urls_public")),
    path("rapports/", include("reporting.reports.urls_public")),
    path("reseau/", include("network.practice.urls")),
    path("", include("network.calls.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/reporting/indicators/", IndicatorCatalogueView.as_view(), name="api-indicators"),
    path("api/reporting/values/", IndicatorValueListView.as_view(), name="api-indicator-values"),
    path("api/reporting/residences/", ReportingResidenceListView.as_view(), name="api-reporting-residences"),
    path("api/reporting/residences/<int:pk>/", ReportingResidenceDetailView.as_view(),
         name="api-reporting-residence"),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="apes_platform.urls_public"), name="api-schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sante/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
]
