"""ASVS 5.0 3.4: every page carries a Content-Security-Policy without inline scripts, a
Referrer-Policy and a Permissions-Policy that keeps the camera and the microphone off unless
a view asks for them (the video interview will)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.headers import PermissionsPolicyMiddleware, allow_browser_features

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self' blob:",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self' https://checkout.stripe.com",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.fixture
def pages(personas, login, client):
    """(who, url) pairs: public, candidate, jury, staff and admin pages."""
    return [
        (None, "/"),
        (None, "/accounts/login/"),
        (personas.candidate_a, reverse("candidates:home")),
        (personas.admin, reverse("payments:staff_list", args=[2021])),
        (personas.president, reverse("jury:home", args=[2021])),
        (personas.admin, "/admin/"),
        (personas.admin, reverse("admin:notifications_outboxmessage_changelist")),
    ]


def test_ASVS_3_4_every_page_has_the_csp_referrer_and_permissions_policies(pages, login, client):
    for user, url in pages:
        client.logout()
        response = (login(user) if user else client).get(url)
        assert response.status_code == 200, url
        assert directives(response) == EXPECTED_CSP, url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        assert "unsafe-eval" not in response["Content-Security-Policy"], url
        assert response["Referrer-Policy"] == "same-origin", url
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy, url
        assert response["X-Frame-Options"] == "DENY", url


def test_ASVS_3_4_email_preview_lets_inline_styles_through_but_never_scripts(personas, login):
    """The e-mail HTML preview (a sandboxed iframe inheriting the page's policy) shows the
    style attributes e-mails need: on that admin page only, styles, never scripts."""
    client = login(personas.admin)
    response = client.get(reverse("admin:notifications_emailtemplate_add") + "?key=tests.hello&language=en")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"
    assert directives(client.get("/admin/"))["style-src"] == "'self'"


def test_ASVS_3_4_a_view_allows_camera_and_microphone_for_itself_only():
    @allow_browser_features("camera", "microphone")
    def video_interview(request):
        return HttpResponse("ok")

    middleware = PermissionsPolicyMiddleware(video_interview)
    policy = middleware(RequestFactory().get("/entretien/"))["Permissions-Policy"]
    assert "camera=(self)" in policy and "microphone=(self)" in policy
    assert "geolocation=()" in policy
    plain = PermissionsPolicyMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/"))
    assert "camera=()" in plain["Permissions-Policy"]
    with pytest.raises(ValueError):
        allow_browser_features("telepathy")


# Rendered by WeasyPrint or sent by e-mail, never served to a browser under the policy.
NOT_BROWSER_PAGES = ("/pdf/", "/email/")
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def test_ASVS_3_4_templates_have_no_inline_script_style_or_event_handler():
    """What the policy would block, found before a browser does: inline <script>, <style>,
    style="" and onclick="" in the templates of the pages."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        relative = template.relative_to(root).as_posix()
        if relative.startswith((".venv/", "node_modules/", "var/")) or any(
            p in f"/{relative}" for p in NOT_BROWSER_PAGES
        ):
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            if INLINE.search(line) and 'type="application/json"' not in line:
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
