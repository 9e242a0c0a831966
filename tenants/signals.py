"""Bind each session to the host it was opened on (see ResidenceAccessMiddleware)."""
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from apes_platform.middleware import SESSION_HOST_KEY


@receiver(user_logged_in)
def bind_session_to_host(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_HOST_KEY] = request.get_host().split(":")[0]
