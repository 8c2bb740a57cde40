"""Admins edit an e-mail template with a preview, and see the e-mails that could not be
delivered: a browser walk with axe on each page (issue 3)."""

import pytest

from admissions.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_accounts
from notifications.enums import OutboxState
from notifications.models import EmailTemplate, OutboxMessage
from notifications.services import email_queue
from tests.browser.conftest import browser_login, page_axe
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_edits_a_template_with_preview_and_sees_undelivered_emails(desktop_page, session_2021):
    load_demo_accounts()
    candidate = UserFactory(email="not-delivered@example.org")
    message = email_queue(
        template_key="dossier.reminder_7d",
        recipient=candidate,
        context={"candidate_name": "Lou", "session": "Session 2021", "deadline": "9 mars 2021"},
        occasion="browser-test",
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.FAILED, last_error="550 mailbox unknown"
    )

    page = desktop_page
    browser_login(page, "admin@demo.imt-mines-ales.fr", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    page.get_by_role("link", name="Administration", exact=True).click()  # from the session's timeline
    with page.expect_navigation():
        page.get_by_role("link", name="Modèles d'e-mails").click()
    page_axe(page, context="template list")

    page.goto("/admin/notifications/emailtemplate/add/?key=dossier.reminder_7d&language=fr")
    page_axe(page, context="template form")
    page.locator("textarea[name=body]").fill(
        "Bonjour {{ candidate_name }}, plus que 7 jours avant le {{ deadline }}."
    )
    with page.expect_navigation():
        page.locator("input[name=_preview]").click()
    assert "Bonjour [Nom complet du destinataire" in page.content()  # sample data in place
    assert EmailTemplate.objects.count() == 0  # a preview saves nothing
    assert page.locator(".errornote").count() == 0  # a preview is not an error
    page_axe(page, context="template preview")

    page.goto("/gestion/")
    with page.expect_navigation():
        page.get_by_role("link", name="E-mails non distribués").click()
    assert "not-delivered@example.org" in page.content()
    page_axe(page, context="undelivered e-mails")
    with page.expect_navigation():
        page.locator("#result_list tbody tr a").first.click()
    assert "550 mailbox unknown" in page.content()
    page_axe(page, context="undelivered e-mail")
