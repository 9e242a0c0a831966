"""Authentication backends: the django-axes lockout check in front of the model backend."""
from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses log-ins of an account locked out from this address (5 failures, cool-off).

    Every web log-in passes the request; a call without one (a shell, a test's
    `client.login`) has no address to lock, so it is left to the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AccountBackend(ModelBackend):
    """The model backend; the user of each request comes with their residence memberships."""

    def get_user(self, user_id):
        from tenants.selectors import user_for_session

        user = user_for_session(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
