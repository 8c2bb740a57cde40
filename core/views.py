from django.contrib import messages
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request, reason=""):
    """A form sent with a stale or missing CSRF token (an old tab, a login or logout in
    another tab, a page left open overnight): a page in the portal's layout and language
    that says nothing was saved and how to send it again, instead of Django's bare page."""
    return render(request, "403_csrf.html", {"no_cookies": reason == REASON_NO_CSRF_COOKIE}, status=403)


def show_error(request, error, *, level=messages.ERROR, template=None):
    """Show a service's refusal (a `core.errors.PortalError`) to the user as a message on
    the next page: its own words, or `template` with them in `%(error)s`."""
    text = error.message if template is None else template % {"error": error.message}
    messages.add_message(request, level, text)


def safe_next_url(request, default: str) -> str:
    """The `next` a form sent back, if it leads to this site (over HTTPS when the request
    came over HTTPS); `default` otherwise, so that a crafted link cannot send a signed-in
    user on to another site (open redirect, ASVS 5.0 V3.7.2)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
