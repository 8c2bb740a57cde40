"""Reminders to candidates whose dossier is not submitted, 7 days and 1 day before the
submission deadline (milestone actions, run by notifications' beat tick).

Registered from CandidatesConfig.ready(): candidates sits above notifications, so it is
candidates that hands its actions and templates to notifications' registries."""

import datetime

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.links import portal_url
from notifications.milestones import register_milestone_action
from notifications.registry import register_template
from notifications.services import email_queue_many

from .models import Application

PLACEHOLDERS = {
    "session": _("Name of the admissions session"),
    "deadline": _("Submission deadline (a date)"),
    "dossier_url": _("Address of the candidate's dossier"),
}

_SUBJECT = _("Your application is not submitted yet ({{ remaining }})")
_BODY = _("""Hello {{ candidate_name }},

Your application for the {{ session }} has not been submitted yet.
The submission deadline is {{ deadline|date:"j F Y" }} at midnight (Paris time): {{ remaining }}.

Complete and submit your application here: {{ dossier_url }}

The admissions office, IMT Mines Alès""")


def _with_remaining(text, remaining):
    """The text with the time left written in (not a placeholder admins could fill or miss),
    in the language active when it is read."""
    return lazy(lambda: str(text).replace("{{ remaining }}", str(remaining)), str)()


def _remind(campaign, template_key: str) -> int:
    if not campaign.is_open_for_submission():
        return 0  # run late (after the deadline): a reminder makes no sense any more
    pending = (
        Application.objects.filter(campaign=campaign, submitted_at__isnull=True, candidate__is_active=True)
        .select_related("candidate", "campaign")
        .order_by("pk")
    )
    dossier_url = portal_url(reverse("candidates:home"))
    context = {"session": campaign.name, "deadline": campaign.submission_deadline, "dossier_url": dossier_url}
    queued = email_queue_many(
        template_key=template_key,
        items=(
            {"recipient": application.candidate, "context": context, "related": application}
            for application in pending
        ),
    )
    return len(queued)


def remind_7_days(campaign) -> int:
    return _remind(campaign, "dossier.reminder_7d")


def remind_1_day(campaign) -> int:
    return _remind(campaign, "dossier.reminder_1d")


def register() -> None:
    for key, remaining, label in (
        (
            "dossier.reminder_7d",
            _("7 days left"),
            _("Reminder: dossier not submitted, 7 days before the deadline"),
        ),
        (
            "dossier.reminder_1d",
            _("1 day left"),
            _("Reminder: dossier not submitted, 1 day before the deadline"),
        ),
    ):
        register_template(
            key,
            label=label,
            placeholders=PLACEHOLDERS,
            subject=_with_remaining(_SUBJECT, remaining),
            body=_with_remaining(_BODY, remaining),
        )
    register_milestone_action(
        "dossier.reminder_7d",
        label=_("Reminder to candidates who have not submitted: 7 days before the deadline"),
        date_field="submission_deadline",
        offset_days=-7,
        at=datetime.time(9, 0),
        run=remind_7_days,
    )
    register_milestone_action(
        "dossier.reminder_1d",
        label=_("Reminder to candidates who have not submitted: 1 day before the deadline"),
        date_field="submission_deadline",
        offset_days=-1,
        at=datetime.time(9, 0),
        run=remind_1_day,
    )
