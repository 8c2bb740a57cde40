from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

from .rules import is_staff_member

# Pages a staff member without two-factor may still reach: the set-up itself, logout,
# static files and the language switch.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/langue/")


class StaffTwoFactorMiddleware:
    """Staff accounts (jury, CFA, admin) use TOTP two-factor: until one is activated, every
    staff page redirects to its set-up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and is_staff_member(user)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user) -> bool:
    cached = getattr(user, "_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._has_totp = cached
    return cached
