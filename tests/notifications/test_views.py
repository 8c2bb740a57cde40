"""The candidate's inbox, the admins' timeline and outbox list: permissions, query counts."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.enums import Role
from candidates.models import Application
from core.audit import audit_record
from core.models import AuditEntry
from notifications.enums import AuditAction, OutboxState
from notifications.milestones import all_actions
from notifications.models import EmailTemplate, MilestoneRun, OutboxMessage
from notifications.services import email_queue
from tests.conftest import activate_totp
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def send_to(user, n, prefix="m"):
    for i in range(n):
        message = email_queue(
            template_key="tests.hello",
            recipient=user,
            context={"motivation": f"<i>{prefix}{i}</i>"},
            occasion=f"{prefix}{i}",
            attachments=[("a.txt", b"hello", "text/plain")] if i == 0 else (),
        )
        OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.SENT)


def test_inbox_lists_only_the_candidates_own_messages(personas, login):
    send_to(personas.candidate_a, 2, "a")
    send_to(personas.candidate_b, 1, "b")
    response = login(personas.candidate_a).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert [m.user_id for m in response.context["page"].object_list] == [personas.candidate_a.pk] * 2


def test_a_candidate_reads_their_message_escaped_and_gets_404_for_anothers(personas, login):
    send_to(personas.candidate_a, 1, "a")
    send_to(personas.candidate_b, 1, "b")
    mine = OutboxMessage.objects.get(user=personas.candidate_a)
    theirs = OutboxMessage.objects.get(user=personas.candidate_b)
    client = login(personas.candidate_a)
    response = client.get(reverse("notifications:detail", args=[mine.pk]))
    assert response.status_code == 200
    assert "&lt;i&gt;a0&lt;/i&gt;" in response.content.decode()
    assert client.get(reverse("notifications:detail", args=[theirs.pk])).status_code == 404
    attachment = theirs.attachments.get()
    assert client.get(reverse("notifications:attachment", args=[theirs.pk, attachment.pk])).status_code == 404
    own = mine.attachments.get()
    response = client.get(reverse("notifications:attachment", args=[mine.pk, own.pk]))
    assert response.content == b"hello" and "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("rows", [1, 30])
def test_inbox_query_count_does_not_grow_with_rows(personas, login, django_assert_max_num_queries, rows):
    send_to(personas.candidate_a, rows)
    client = login(personas.candidate_a)
    # session, user, count for the paginator, the page with attachment counts
    with django_assert_max_num_queries(5):
        response = client.get(reverse("notifications:inbox"))
    assert len(response.context["page"].object_list) == min(rows, 25)


@pytest.mark.parametrize("rows", [1, 30])
def test_outbox_admin_list_query_count_does_not_grow_with_rows(
    personas, login, django_assert_max_num_queries, rows
):
    send_to(personas.candidate_a, rows)
    client = login(personas.admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:notifications_outboxmessage_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_audit_log_admin_list_query_count_does_not_grow_with_rows(
    personas, login, django_assert_max_num_queries, rows
):
    for i in range(rows):
        audit_record(
            actor=personas.admin, action=AuditAction.MILESTONE_RUN, obj=personas.candidate_a, reason=str(i)
        )
    client = login(personas.admin)
    with django_assert_max_num_queries(14):
        response = client.get(
            reverse("admin:core_auditentry_changelist") + f"?actor__id__exact={personas.admin.pk}"
        )
    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_timeline_query_count_does_not_grow_with_runs(personas, login, django_assert_max_num_queries, rows):
    campaign = personas.program_x.intakes.first().campaign
    for action in all_actions()[:rows]:
        MilestoneRun.objects.create(campaign=campaign, action_key=action.key, due_at=action.due_at(campaign))
    client = login(personas.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:timeline", args=[2021]))
    assert response.status_code == 200


def test_timeline_shows_due_dates_results_and_the_moved_date(personas, login):
    campaign = personas.program_x.intakes.first().campaign
    MilestoneRun.objects.create(
        campaign=campaign,
        action_key="dossier.reminder_7d",
        due_at=dt.datetime(2021, 2, 20, 9, tzinfo=PARIS),
        status="done",
        emails_queued=12,
        runs=1,
    )
    response = login(personas.admin).get(reverse("notifications:timeline", args=[2021]))
    html = response.content.decode()
    rows = {row["action"].key: row for row in response.context["rows"]}
    assert rows["dossier.reminder_7d"]["moved"] is True
    assert rows["submissions.close"]["run"] is None
    assert "12" in html
    assert rows["submissions.close"]["due_at"] == campaign.submissions_close_at


def test_the_admin_lands_on_the_session_timeline_and_its_next_step(personas, login):
    client = login(personas.admin)
    with time_machine.travel(dt.datetime(2021, 3, 5, 12, tzinfo=PARIS), tick=False):
        response = client.get(reverse("accounts:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notifications:timeline", args=[2021])
    assert (
        "Prochaine étape : Relance des candidats n'ayant pas déposé leur dossier : 1 jour avant la date "
        "limite, le 8 mars 2021 09:00."
    ) in response.content.decode().replace("&#x27;", "'")


def test_before_the_first_session_the_admin_lands_on_the_back_office(login):
    admin = activate_totp(UserFactory(role=Role.ADMIN, is_superuser=True))
    response = login(admin).get(reverse("accounts:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admissions:backoffice")
    assert "Aucune session pour l'instant." in response.content.decode().replace("&#x27;", "'")


def test_rerun_asks_for_confirmation_then_runs_and_is_audited(personas, login):
    campaign = personas.program_x.intakes.first().campaign
    Application.objects.create(campaign=campaign, candidate=personas.candidate_a)
    client = login(personas.admin)
    url = reverse("notifications:milestone_rerun", args=[campaign.pk, "dossier.reminder_7d"])
    with time_machine.travel(dt.datetime(2021, 3, 5, 12, tzinfo=PARIS), tick=False):
        assert client.get(url).status_code == 200
        assert MilestoneRun.objects.count() == 0
        response = client.post(url)
        assert response.status_code == 302
        client.post(url)  # a second rerun: no e-mail twice
    run = MilestoneRun.objects.get()
    assert run.runs == 2
    assert OutboxMessage.objects.filter(user=personas.candidate_a).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.MILESTONE_RERUN, actor=personas.admin).count() == 2


def test_rerun_of_an_unknown_action_is_404(personas, login):
    campaign = personas.program_x.intakes.first().campaign
    url = reverse("notifications:milestone_rerun", args=[campaign.pk, "nope"])
    assert login(personas.admin).post(url).status_code == 404


def test_admin_corrects_a_failed_address_in_the_admin_and_it_is_sent(
    personas, login, django_capture_on_commit_callbacks
):
    message = email_queue(template_key="tests.hello", recipient="bad@@example", context={})
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.FAILED, last_error="Invalid")
    client = login(personas.admin)
    url = reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    assert 'name="recipient_email"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "recipient_email": "good@example.org",
                "_resend": "1",
                "attachments-TOTAL_FORMS": "0",
                "attachments-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and mail.outbox[0].to == ["good@example.org"]
    assert AuditEntry.objects.filter(action=AuditAction.OUTBOX_RESEND, actor=personas.admin).exists()


def test_allauth_emails_go_through_the_outbox_and_may_be_asked_again(
    client, personas, django_capture_on_commit_callbacks
):
    """Password reset: rendered by allauth, queued in the outbox, sent; asked twice, sent twice."""
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_reset_password"), {"email": personas.candidate_a.email})
        assert response.status_code == 302
    messages = OutboxMessage.objects.filter(user=personas.candidate_a).order_by("pk")
    assert len(messages) == 2
    assert {m.template_key for m in messages} == {"allauth.password_reset_key"}
    assert all(m.state == OutboxState.SENT for m in messages)
    assert len(mail.outbox) == 2 and re.search(r"/accounts/password/reset/key/", mail.outbox[0].body)
    assert messages[0].occasion != messages[1].occasion


@pytest.mark.parametrize("rows", [1, 12])
def test_template_and_milestone_admin_lists_query_count_does_not_grow(
    personas, login, django_assert_max_num_queries, rows
):
    for i in range(rows):
        campaign = CampaignFactory(year=2030 + i)
        MilestoneRun.objects.create(
            campaign=campaign, action_key="submissions.close", due_at=campaign.submissions_close_at
        )

    for i in range(rows):
        EmailTemplate.objects.create(key=f"tests.k{i}", language="fr", subject="s", body="b")
    client = login(personas.admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:notifications_milestonerun_changelist")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:notifications_emailtemplate_changelist")).status_code == 200
