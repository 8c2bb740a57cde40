"""Reminders to candidates whose dossier is not submitted, 7 days and 1 day before the
submission deadline (milestone actions, run by notifications' beat tick).

Registered from CandidatesConfig.ready(): candidates sits above notifications, so it is
candidates that hands its actions and templates to notifications' registries."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.milestones import register_milestone_action
from notifications.registry import register_template
from notifications.services import email_queue_many

from .models import Application

PLACEHOLDERS = {
    "session": _("Name of the admissions session"),
    "deadline": _("Submission deadline (a date)"),
    "dossier_url": _("Address of the candidate's dossier"),
}

_BODY_FR = """Bonjour {{ candidate_name }},

Votre dossier de candidature pour la {{ session }} n'est pas encore déposé.
La date limite de dépôt est le {{ deadline|date:"j F Y" }} à minuit (heure de Paris) : {{ remaining }}.

Complétez et déposez votre dossier ici : {{ dossier_url }}

Le service des admissions, IMT Mines Alès"""

_BODY_EN = """Hello {{ candidate_name }},

Your application for the {{ session }} has not been submitted yet.
The submission deadline is {{ deadline|date:"j F Y" }} at midnight (Paris time): {{ remaining }}.

Complete and submit your application here: {{ dossier_url }}

The admissions office, IMT Mines Alès"""


def _remind(campaign, template_key: str) -> int:
    if not campaign.is_open_for_submission():
        return 0  # run late (after the deadline): a reminder makes no sense any more
    pending = (
        Application.objects.filter(campaign=campaign, submitted_at__isnull=True, candidate__is_active=True)
        .select_related("candidate", "campaign")
        .order_by("pk")
    )
    dossier_url = settings.SITE_URL.rstrip("/") + reverse("candidates:home")
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
    for key, remaining_fr, remaining_en, label in (
        (
            "dossier.reminder_7d",
            "il vous reste 7 jours",
            "7 days left",
            _("Reminder: dossier not submitted, 7 days before the deadline"),
        ),
        (
            "dossier.reminder_1d",
            "il vous reste 1 jour",
            "1 day left",
            _("Reminder: dossier not submitted, 1 day before the deadline"),
        ),
    ):
        register_template(
            key,
            label=label,
            placeholders=PLACEHOLDERS,
            subject_fr=f"Votre dossier n'est pas encore déposé ({remaining_fr})",
            body_fr=_BODY_FR.replace("{{ remaining }}", remaining_fr),
            subject_en=f"Your application is not submitted yet ({remaining_en})",
            body_en=_BODY_EN.replace("{{ remaining }}", remaining_en),
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
