"""Notifications: the candidate's inbox (own messages only) and the admins' timeline."""

from admissions.models import Campaign
from notifications.models import OutboxMessage
from tests.permissions import LOGIN, OK, REDIRECT, Case


def _message_of_a(world):
    message = OutboxMessage.objects.create(
        recipient_email=world.candidate_a.email,
        user=world.candidate_a,
        subject="Hello",
        body_text="Body",
        template_key="test",
        idempotency_key="matrix-message-of-a",
    )
    return message


def _message(world):
    return {"pk": _message_of_a(world).pk}


def _attachment(world):
    message = _message_of_a(world)
    attachment = message.attachments.create(filename="a.txt", content=b"hi", mimetype="text/plain")
    return {"pk": message.pk, "attachment_pk": attachment.pk}


def _rerun(world):
    return {"campaign_pk": Campaign.objects.get(year=2021).pk, "action_key": "submissions.close"}


CASES = [
    Case(
        "notifications:inbox",
        perm="notifications.view_inbox",
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": OK},
    ),
    # Another candidate's message: 404, as for anyone else.
    Case(
        "notifications:detail",
        perm="notifications.read_message",
        setup=_message,
        expect={"anonymous": LOGIN, "candidate_a": OK},
    ),
    Case(
        "notifications:attachment",
        perm="notifications.read_message",
        setup=_attachment,
        expect={"anonymous": LOGIN, "candidate_a": OK},
    ),
    Case(
        "notifications:timeline",
        perm="notifications.view_timeline",
        setup=lambda world: {"year": 2021},
        expect={"anonymous": LOGIN, "admin": OK},
    ),
    Case(
        "notifications:timeline_default",
        perm="notifications.view_timeline",
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
    # GET shows the confirmation; the run itself is a POST (tests/notifications/).
    Case(
        "notifications:milestone_rerun",
        perm="notifications.rerun_milestone",
        setup=_rerun,
        expect={"anonymous": LOGIN, "admin": OK},
    ),
]
