"""Browser: the candidate's inbox ("Mes messages") and the admins' session timeline, on a
desktop and a phone, with axe on every page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from notifications.enums import OutboxState
from notifications.models import MilestoneRun, OutboxMessage
from notifications.services import email_queue
from tests.browser.conftest import browser_login, page_axe

pytestmark = pytest.mark.django_db(transaction=True)
TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_candidate_reads_their_messages(browser_page, personas):
    page = browser_page
    for i, text in enumerate(["<b>2021</b>", "2022"]):
        message = email_queue(
            template_key="dossier.reminder_7d",
            recipient=personas.candidate_a,
            context={
                "session": f"Session {text}",
                "deadline": dt.date(2021, 3, 9),
                "dossier_url": "http://x/",
            },
            occasion=str(i),
            attachments=[("recu.txt", b"merci", "text/plain")] if i == 0 else (),
        )
        OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.SENT)
    email_queue(
        template_key="dossier.reminder_7d", recipient=personas.candidate_b, context={"session": "secret"}
    )
    browser_login(page, personas.candidate_a.email)
    page.goto("/messages/")
    expect(page.locator("h1")).to_have_text("Mes messages")
    expect(page.locator("tbody tr")).to_have_count(2)
    page_axe(page, context="inbox")
    page.locator("tbody tr").last.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/messages/\d+/$"))
    assert "pour la Session <b>2021</b> n'est pas encore déposé" in page.locator("article").inner_text()
    expect(page.get_by_role("link", name="recu.txt")).to_be_visible()
    page_axe(page, context="message")
    page.get_by_role("link", name="Retour à mes messages").click()
    page.wait_for_url(re.compile(r"/messages/$"))


def test_admin_sees_the_timeline_and_reruns_a_milestone(browser_page, personas):
    page = browser_page
    campaign = personas.program_x.intakes.first().campaign
    MilestoneRun.objects.create(
        campaign=campaign,
        action_key="submissions.close",
        due_at=campaign.submissions_close_at,
        status="done",
        runs=1,
    )
    browser_login(page, personas.admin.email, totp_secret=TOTP)
    page.goto("/messages/jalons/")
    assert page.locator("h1").inner_text().startswith("Échéancier de la session")
    page_axe(page, context="timeline")
    page.get_by_role("link", name=re.compile("Relancer : Clôture")).click()
    expect(page.locator("h1")).to_have_text("Relancer une échéance")
    page_axe(page, context="rerun confirmation")
    page.get_by_role("button", name="Oui, la lancer").click()
    page.wait_for_url(re.compile(r"/messages/jalons/2021/$"))
    assert "relancée : 0 e-mail(s) mis en file" in page.locator(".messages").inner_text()
    page_axe(page, context="timeline after rerun")
    assert MilestoneRun.objects.get(action_key="submissions.close").runs == 2
