"""The deferred video interview (R-TEST-2, R-TEST-6, R-TEST-7): questions, device check and
practice, one take recorded in chunks, the jury's grading, deletion on time."""

import datetime as dt

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class VideoInterviewConfig(AppConfig):
    name = "video_interview"
    verbose_name = _("Deferred video interview")

    def ready(self):
        from admissions.models import Campaign  # noqa: PLC0415 - loads models: only once the app registry is ready

        post_save.connect(_campaign_saved, sender=Campaign, dispatch_uid="video_interview.defaults")
        _register()


def _campaign_saved(sender, instance, created, raw=False, **kwargs):
    """A new session gets the default questions and grid (admins edit them after)."""
    if created and not raw:
        from .services import video_defaults_create  # noqa: PLC0415 - loads models: only once the app registry is ready

        video_defaults_create(campaign=instance)


def _register():
    """Registries of the lower apps (they never import video_interview)."""
    # Imported here: they load models, only once the app registry is ready.
    from core.panels import register_panel  # noqa: PLC0415
    from jury.enums import ProbatoryTest  # noqa: PLC0415
    from notifications.milestones import register_milestone_action  # noqa: PLC0415
    from notifications.registry import register_template  # noqa: PLC0415
    from selection.registry import register_probatory_test  # noqa: PLC0415

    from . import panels, retention, services  # noqa: PLC0415
    from .mail import TEMPLATES  # noqa: PLC0415

    for key, label, placeholders, subject, body in TEMPLATES:
        register_template(key, label=label, placeholders=placeholders, subject=subject, body=body)
    register_milestone_action(
        "video_interview.invitations",
        label=_("Invite the candidates to record the video interview (R-TEST-2)"),
        date_field="video_english_start_on",
        run=services.invitations_send,
        at=dt.time(8, 0),
    )
    register_milestone_action(
        "video_interview.close",
        label=_("Close the video interview: end and assemble the takes left interrupted"),
        date_field="video_english_end_on",
        run=services.close_milestone_run,
        offset_days=1,
        at=dt.time(0, 30),
    )
    # No milestone of its own for the deletion 3 months after classes start (R-TEST-7): the
    # retention rule "video_interview.recordings" is the one source of that date (the admin
    # edits it with the other rules, holds apply); it calls services.recordings_purge. The
    # nightly task (migration 0002) keeps only the early deletions of withdrawn candidates.
    retention.register()
    register_panel(
        "candidates.home.wish",
        "video_interview.status",
        template="video_interview/_home_panel.html",
        context=panels.home_wish,
    )
    register_panel(
        "jury.wish_detail",
        "video_interview.jury",
        template="video_interview/_jury_panel.html",
        context=panels.jury_wish,
    )
    register_probatory_test(
        ProbatoryTest.VIDEO_INTERVIEW,
        candidate_status=panels.candidate_statuses,
        jury_results=panels.jury_results,
    )
