"""Reads shared by views and other apps."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from .milestones import actions_for
from .models import MilestoneRun, OutboxMessage


def messages_for(user):
    """The e-mails sent (or being sent) to a person, newest first: their portal inbox."""
    return (
        OutboxMessage.objects.filter(user=user)
        .annotate(attachment_count=Count("attachments"))
        .defer("body_text", "body_html")
        .order_by("-created_at", "-id")
    )


def message_detail(pk: int) -> OutboxMessage:
    """An e-mail with its attachments, whoever asks: the views' permission
    (`notifications.read_message`: its recipient only) says who reads it."""
    return get_object_or_404(OutboxMessage.objects.prefetch_related("attachments"), pk=pk)


def milestone_timeline(campaign) -> list[dict]:
    """Each registered milestone action of a campaign, in calendar order, with its run."""
    runs = {run.action_key: run for run in MilestoneRun.objects.filter(campaign=campaign)}
    rows = []
    for action, due_at in actions_for(campaign):
        run = runs.get(action.key)
        rows.append(
            {
                "action": action,
                "due_at": due_at,
                "run": run,
                "moved": bool(run and due_at and run.due_at != due_at),
            }
        )
    return rows
