"""Request path: host → residence schema, then the membership rule.

1. `ResidenceTenantMiddleware` maps `<slug>.<BASE_DOMAIN>` to a residence and
   switches the connection to its schema; the bare domain serves the public
   (head office / landlord) URL conf. Unknown hosts get a 404.
2. `ResidenceAccessMiddleware` runs right after authentication: on a residence
   host only its coordinators and head-office staff get past it; anyone else
   gets a 404 before any view runs. An anonymous visitor reaches only views
   marked `@public_view` (apes_platform/access.py), checked in `process_view`.
3. `MFARequiredMiddleware` keeps a user who owes a second factor (TOTP) on the
   verification or enrolment page until it is given.
4. `ThrottleMiddleware` applies DRF's scoped rates to log-ins, exports and searches.
"""
import sentry_sdk
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from django.utils.translation import gettext as _

from apes_platform.access import is_public_view
from tenants.selectors import residence_for_host, user_can_enter_residence

SESSION_HOST_KEY = "_bound_host"
# Set at log-in: does this account have a confirmed authenticator app?
MFA_ENROLLED_KEY = "_mfa_enrolled"


class ResidenceTenantMiddleware(TenantMainMiddleware):
    @staticmethod
    def hostname_from_request(request):
        """The host in its one spelling (tenants.selectors.normalise_host), without a leading www."""
        from django_tenants.utils import remove_www

        from tenants.selectors import normalise_host

        return remove_www(normalise_host(request.get_host()))

    def process_request(self, request):
        connection.set_schema_to_public()
        hostname = self.hostname_from_request(request)
        if hostname == settings.BASE_DOMAIN:
            # No `request.tenant` on the bare domain: django-tenants' admin templates read that as public.
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            sentry_sdk.set_tag("residence", "public")
            return None
        residence = residence_for_host(hostname)
        if residence is None:
            raise Http404(_("Résidence inconnue"))
        residence.domain_url = hostname
        request.tenant = residence
        connection.set_tenant(residence)
        sentry_sdk.set_tag("residence", residence.schema_name)
        return None


class ResidenceAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self._unbind_foreign_session(request)
        residence = getattr(request, "tenant", None)
        if residence is not None:
            # Token clients are checked here too, but authenticated by DRF in the view:
            # putting them in request.user would make DRF treat them as a session (CSRF).
            user = request.user if request.user.is_authenticated else self._token_user(request)
            request.residence_access_user = user
            if user is not None and user.is_authenticated:
                # Anyone may log out, even of a residence they do not belong to.
                if request.path != "/deconnexion/" and not user_can_enter_residence(user=user, residence=residence):
                    raise Http404(_("Résidence inconnue"))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """An anonymous visitor on a residence host reaches only views marked `@public_view`
        (apes_platform/access.py): any other view, a new one included, asks to log in first."""
        if getattr(request, "tenant", None) is None or is_public_view(view_func):
            return None
        user = getattr(request, "residence_access_user", None)
        if user is not None and user.is_authenticated:
            return None  # checked in __call__: a member of this residence (token clients: DRF authenticates)
        if getattr(view_func, "cls", None) is not None:  # a DRF view: an API client gets 401, not a page
            from django.http import JsonResponse

            response = JsonResponse({"detail": _("Authentification requise.")}, status=401)
            response["WWW-Authenticate"] = "Token"
            return response
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())

    @staticmethod
    def _unbind_foreign_session(request):
        """A session opened on another host is ignored here (cookie replay)."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        from tenants.selectors import normalise_host

        bound = request.session.get(SESSION_HOST_KEY)
        if bound != normalise_host(request.get_host()):
            request.user = AnonymousUser()

    @staticmethod
    def _token_user(request):
        """The owner of the request's API token, if any, so tokens pass the same rule as sessions."""
        if "HTTP_AUTHORIZATION" not in request.META:
            return None
        try:
            result = TokenAuthentication().authenticate(request)
        except AuthenticationFailed:
            return None
        return result[0] if result else None


class FrenchFirstLocaleMiddleware:
    """French unless the user picked another language (cookie set by /i18n/setlang/).

    The browser's Accept-Language is ignored on purpose: staff on English-configured
    machines still get the French UI they are trained on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class MFARequiredMiddleware:
    """A user who owes a second factor reaches nothing but the code pages until it is given.

    Owed by the roles of `user_requires_mfa` and by anyone who enrolled an app. Verified
    means django-otp stored the device in the session (`django_otp.login`); both checks
    read the session only, so they add no query to any request.
    """

    OPEN_PATHS = ("/connexion/verification/", "/connexion/double-authentification/", "/deconnexion/",
                  "/static/", "/i18n/", "/sante/", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not self.verified(request) and self.owes_second_factor(request, user):
            if not request.path.startswith(self.OPEN_PATHS):
                return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def verified(request) -> bool:
        from django_otp import DEVICE_ID_SESSION_KEY

        return bool(request.session.get(DEVICE_ID_SESSION_KEY))

    @staticmethod
    def owes_second_factor(request, user) -> bool:
        from tenants.selectors import user_requires_mfa

        return bool(request.session.get(MFA_ENROLLED_KEY)) or user_requires_mfa(user=user)

    @staticmethod
    def refuse(request):
        from django.http import JsonResponse
        from django.shortcuts import redirect
        from django.utils.http import urlencode
        from django.utils.translation import gettext as _

        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Double authentification requise : saisissez le code de votre application.")},
                status=403,
            )
        target = "/connexion/verification/" if request.session.get(MFA_ENROLLED_KEY) else "/connexion/double-authentification/"
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class ThrottleMiddleware:
    """DRF scoped rates (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) on costly or guessable requests.

    - `login`: POST of a log-in form, per client address;
    - `export`: `?export=csv|xlsx` or `?format=csv|xlsx`, per account (or address);
    - `search`: a non-empty `?search=` or `?q=`, per account (or address).
    Pages and API alike, so that no new list view can forget it. Over the rate: 429.
    """

    LOGIN_PATHS = ("/connexion/", "/admin/login/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = self.scope_of(request)
        if scope is not None:
            from apes_platform.throttling import ScopedThrottle

            throttle = ScopedThrottle(scope)
            if not throttle.allow_request(request, None):
                return self.too_many(request, throttle.wait())
        return self.get_response(request)

    def scope_of(self, request) -> str | None:
        if request.method == "POST" and request.path in self.LOGIN_PATHS:
            return "login"
        if request.method != "GET":
            return None
        if request.GET.get("export") or request.GET.get("format") in ("csv", "xlsx"):
            return "export"
        if request.GET.get("search", "").strip() or request.GET.get("q", "").strip():
            return "search"
        return None

    @staticmethod
    def too_many(request, wait):
        import math

        from django.http import HttpResponse, JsonResponse
        from django.utils.translation import gettext as _

        seconds = max(1, math.ceil(wait or 1))
        message = _("Trop de requêtes : réessayez dans %(seconds)s secondes.") % {"seconds": seconds}
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(seconds)
        return response
