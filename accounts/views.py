from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.i18n import set_language as django_set_language

from .enums import Role
from .services import user_language_set

ROLE_HOMES = {
    Role.CANDIDATE: "candidates:home",
    Role.JURY_MEMBER: "jury:home_default",
    Role.JURY_PRESIDENT: "jury:home_default",
    Role.CFA_STAFF: "apprenticeship:home_default",
    # The session's timeline (its automatic steps); the back-office before the first session.
    Role.ADMIN: "notifications:timeline_default",
}


@login_required
def home(request):
    """Where each role lands after logging in."""
    return redirect(ROLE_HOMES.get(request.user.role, "admissions:home"))


def set_language(request):
    """Django's language switch, remembered on the account (see user_language_set)."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
