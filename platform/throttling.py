"""DRF rate throttles used outside DRF views too (see ThrottleMiddleware)."""
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ScopedThrottle(SimpleRateThrottle):
    """One scope of REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], per account or else per address.

    The rate is read when the throttle is built (not at import), so settings overrides apply.
    """

    def __init__(self, scope: str):
        self.scope = scope
        self.rate = api_settings.DEFAULT_THROTTLE_RATES[scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if self.scope != "login" and user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
