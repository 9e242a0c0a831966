"""Session state set at log-in: its host (see ResidenceAccessMiddleware) and its second factor."""
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from apes_platform.middleware import MFA_ENROLLED_KEY, SESSION_HOST_KEY


@receiver(user_logged_in)
def bind_session_to_host(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from tenants.selectors import normalise_host

        request.session[SESSION_HOST_KEY] = normalise_host(request.get_host())


@receiver(user_logged_in)
def remember_second_factor(sender, request, user, **kwargs):
    """Read once at log-in, so that checking the second factor costs no query per request."""
    from tenants.selectors import totp_device_confirmed

    if request is not None and hasattr(request, "session"):
        request.session[MFA_ENROLLED_KEY] = totp_device_confirmed(user=user) is not None
