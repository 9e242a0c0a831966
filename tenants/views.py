"""Accounts: log-in, the second factor (TOTP) and its enrolment."""
from apes_platform.access import public_view
import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token

from apes_platform.middleware import MFA_ENROLLED_KEY, MFARequiredMiddleware
from apes_platform.redirects import is_safe_next, safe_next
from tenants.forms import TOTPCodeForm
from tenants.selectors import totp_device_confirmed, user_requires_mfa
from tenants.services import totp_device_confirm, totp_device_start


@public_view
class LoginView(auth_views.LoginView):
    """The log-in form; coordinators without a second factor are invited to add one."""

    def get_redirect_url(self):
        """`next` through the project's one rule (apes_platform.redirects)."""
        target = self.request.POST.get(self.redirect_field_name, self.request.GET.get(self.redirect_field_name, ""))
        return target if is_safe_next(self.request, target) else ""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if not user_requires_mfa(user=user) and not self.request.session.get(MFA_ENROLLED_KEY):
            messages.info(self.request, _("Protégez votre compte : activez la double authentification "
                                          "(menu « Double authentification »)."))
        return response


def _next_url(request) -> str:
    return safe_next(request, "/")


def _verified(request, device):
    otp_login(request, device)
    request.session[MFA_ENROLLED_KEY] = True
    request.session.cycle_key()  # a new session id once the second factor is given
    return redirect(_next_url(request))


@never_cache
@login_required
def mfa_verify(request):
    """Second step of the log-in: the code of the user's authenticator app."""
    if MFARequiredMiddleware.verified(request):
        return redirect(_next_url(request))
    if totp_device_confirmed(user=request.user) is None:
        return redirect("mfa-enrol")
    form = TOTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            return _verified(request, device)
        form.add_error("code", _("Code incorrect ou expiré : saisissez le code affiché en ce moment."))
    return render(request, "tenants/mfa_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def mfa_enrol(request):
    """Add an authenticator app: QR code, then a code from the app to confirm it.

    Someone who already has an app must give its code first: a stolen password
    alone never enrols a new device.
    """
    if totp_device_confirmed(user=request.user) is not None and not MFARequiredMiddleware.verified(request):
        return redirect(f"/connexion/verification/?next={request.path}")
    device = totp_device_start(user=request.user)
    form = TOTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(user=request.user, device=device, token=form.cleaned_data["code"]):
            messages.success(request, _("Double authentification activée."))
            return _verified(request, device)
        form.add_error("code", _("Code incorrect : vérifiez l'heure de votre téléphone et réessayez."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=str(_("QR code à scanner")))
    context = {
        "form": form,
        "qr_svg": qr_svg,
        "secret": base64.b32encode(device.bin_key).decode(),
        "required": user_requires_mfa(user=request.user),
        "next": _next_url(request),
    }
    return render(request, "tenants/mfa_enrol.html", context)


def lockout_response(request, original_response, credentials):
    """What django-axes answers to a locked-out log-in (429, in French)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
