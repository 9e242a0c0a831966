"""URLs of a residence subdomain (the residence's schema)."""
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from django.views.i18n import set_language

from apes_platform.access import public_view
from apes_platform.views import favicon, health
from tenants import views as tenants_views
from core.activities import views as activity_views
from core.activities.api.views import ActivitySeriesViewSet, ActivityViewSet
from core.agenda import views as agenda_views
from core.dropins.api.views import FollowUpViewSet, SlotViewSet, VisitViewSet
from core.people.api.views import ResidentViewSet
from core.evaluation.api.views import NarrativeSectionViewSet, SurveyResponseViewSet, SurveyWaveViewSet
from core.funding.api.views import ApplicationViewSet, CallForProjectsViewSet
from core.projects.api.views import ProjectViewSet
from core.partners.api.views import PartnerInteractionViewSet, PartnerViewSet
from core.safety.api.views import (
    IncidentViewSet,
    RulesAcknowledgementViewSet,
    SafetyCheckViewSet,
    SpaceRulesViewSet,
)
from core.spaces.api.views import BookingViewSet, DeskSignInViewSet, SpaceViewSet
from core.budget.api.views import BudgetEntryViewSet, BudgetLineViewSet, BudgetYearViewSet, DecisionViewSet
from core.voice.api.views import (
    ConsultationViewSet,
    GovernanceBodyViewSet,
    NeedViewSet,
    QuestionnaireViewSet,
    SkillExchangeViewSet,
    SkillViewSet,
)
from core.messaging.api.views import MessageTemplateViewSet, MessageViewSet, OptOutViewSet

router = DefaultRouter()
router.register("residents", ResidentViewSet, basename="resident")
router.register("activities", ActivityViewSet, basename="activity")
router.register("activity-series", ActivitySeriesViewSet, basename="activity-series")
router.register("evaluation/waves", SurveyWaveViewSet, basename="survey-wave")
router.register("evaluation/responses", SurveyResponseViewSet, basename="survey-response")
router.register("evaluation/narratives", NarrativeSectionViewSet, basename="narrative-section")

router.register("dropin-slots", SlotViewSet, basename="dropin-slot")
router.register("dropin-visits", VisitViewSet, basename="dropin-visit")
router.register("dropin-follow-ups", FollowUpViewSet, basename="dropin-follow-up")
router.register("spaces", SpaceViewSet, basename="space")
router.register("bookings", BookingViewSet, basename="booking")
router.register("desk-sign-ins", DeskSignInViewSet, basename="desk-sign-in")
router.register("partners", PartnerViewSet, basename="partner")
router.register("space-rules", SpaceRulesViewSet, basename="space-rules")
router.register("rules-acknowledgements", RulesAcknowledgementViewSet, basename="rules-acknowledgement")
router.register("safety-checks", SafetyCheckViewSet, basename="safety-check")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("partner-interactions", PartnerInteractionViewSet, basename="partner-interaction")
router.register("calls-for-projects", CallForProjectsViewSet, basename="call-for-projects")
router.register("applications", ApplicationViewSet, basename="application")
router.register("projects", ProjectViewSet, basename="project")
router.register("budget-years", BudgetYearViewSet, basename="budget-year")
router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
router.register("budget-entries", BudgetEntryViewSet, basename="budget-entry")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("questionnaires", QuestionnaireViewSet, basename="questionnaire")
router.register("needs", NeedViewSet, basename="need")
router.register("skills", SkillViewSet, basename="skill")
router.register("skill-exchanges", SkillExchangeViewSet, basename="skill-exchange")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("governance-bodies", GovernanceBodyViewSet, basename="governance-body")
router.register("messages", MessageViewSet, basename="message")
router.register("message-templates", MessageTemplateViewSet, basename="message-template")
router.register("opt-outs", OptOutViewSet, basename="opt-out")

urlpatterns = [
    path("", agenda_views.home, name="home"),
    path("connexion/", tenants_views.LoginView.as_view(), name="login"),
    path("connexion/verification/", tenants_views.mfa_verify, name="mfa-verify"),
    path("connexion/double-authentification/", tenants_views.mfa_enrol, name="mfa-enrol"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("activites/", include("core.activities.urls")),
    path("habitants/", include("core.people.urls")),
    path("portail/", include("core.portal.urls")),
    path("liens-habitants/", include("core.portal.staff_urls")),
    path("donnees-personnelles/", include("core.privacy.urls")),
    path("imports/", include("core.imports.urls")),
    path("pointage/<str:token>/", activity_views.check_in, name="check_in"),
    path("evaluation/", include("core.evaluation.urls")),
    path("rapports/", include("reporting.reports.urls")),
    path("permanences/", include("core.dropins.urls")),
    path("agenda/", include("core.agenda.urls")),
    path("espaces/", include("core.spaces.urls")),
    path("securite/", include("core.safety.urls")),
    path("partenaires/", include("core.partners.urls")),
    path("documents/", include("core.documents.urls")),
    path("financements/", include("core.funding.urls")),
    path("projets/", include("core.projects.urls")),
    path("budget/", include("core.budget.urls")),
    path("voix/", include("core.voice.urls")),
    path("portail/voix/", include("core.voice.portal_urls")),
    path("messages/", include("core.messaging.urls")),
    path("reseau/", include("network.practice.urls_residence")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="apes_platform.urls_tenant"), name="api-schema"),
    path("i18n/setlang/", public_view(set_language), name="set_language"),
    path("sante/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
]
