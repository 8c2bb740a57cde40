"""Milestone actions owned by the notifications layer itself (they need only the campaign)."""

import datetime

from django.utils.translation import gettext_lazy as _

from .milestones import register_milestone_action


def close_submissions(campaign) -> int:
    """Submissions close at `campaign.submissions_close_at` (the day after the deadline,
    00:00 Paris): the dossier code refuses them through Campaign.is_open_for_submission;
    this run records the moment on the timeline. No e-mail."""
    return 0


def register() -> None:
    register_milestone_action(
        "submissions.close",
        label=_("Submissions close"),
        date_field="submission_deadline",
        offset_days=1,
        at=datetime.time(0, 0),
        run=close_submissions,
    )
