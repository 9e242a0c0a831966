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


class CheckInThrottle(ScopedThrottle):
    """The QR check-in page (`/pointage/<token>/`): one counter per poster token, whoever holds it.

    The page needs no account, so an address or an account would not bound what one poster
    lets a stranger do; the token does. Rate: scope `check_in` (default 120/min, THROTTLE_CHECK_IN).
    """

    def __init__(self, token: str):
        import hashlib

        self.token_key = hashlib.sha256(token.encode()).hexdigest()[:32]
        self.scope = "check_in"
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or "120/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.token_key}
