from django.db import models
from django.utils.translation import gettext_lazy as _


class TakeState(models.TextChoices):
    """The life of one take (DESIGN.md, Recordings). Changed only by `services.take_transition`."""

    RECORDING = "recording", _("Recording")
    INTERRUPTED = "interrupted", _("Interrupted")
    ENDED = "ended", _("Recorded, being processed")
    ASSEMBLED = "assembled", _("Recorded")
    FAILED = "failed", _("Processing failed")
    PURGED = "purged", _("Deleted (retention period over)")


# The allowed transitions of a take (one function applies them: services.take_transition).
ALLOWED_TRANSITIONS = {
    TakeState.RECORDING: {TakeState.INTERRUPTED, TakeState.ENDED},
    TakeState.INTERRUPTED: {TakeState.RECORDING, TakeState.ENDED, TakeState.PURGED},
    TakeState.ENDED: {TakeState.ASSEMBLED, TakeState.FAILED, TakeState.PURGED},
    TakeState.FAILED: {TakeState.ASSEMBLED, TakeState.FAILED, TakeState.PURGED},
    TakeState.ASSEMBLED: {TakeState.ASSEMBLED, TakeState.PURGED},
    TakeState.PURGED: set(),
}
OPEN_TAKE_STATES = (TakeState.RECORDING, TakeState.INTERRUPTED)


class EventKind(models.TextChoices):
    """The entries of a take's append-only ledger, on the server's clock."""

    STARTED = "started", _("Started")
    QUESTION = "question", _("Question shown")
    CHUNK = "chunk", _("Part received")
    INTERRUPTED = "interrupted", _("Interrupted")
    RESUMED = "resumed", _("Resumed")
    ENDED = "ended", _("Ended")
    ASSEMBLED = "assembled", _("File assembled")
    FAILED = "failed", _("Processing failed")
    PURGED = "purged", _("Deleted")


class CandidateState(models.TextChoices):
    """The interview as the candidate sees it on the home page (never a grade, R-TEST-8)."""

    TO_DO = "to_do", _("To do")
    NOT_OPEN = "not_open", _("Not open yet")
    RECORDING = "recording", _("Recording")
    INTERRUPTED = "interrupted", _("Interrupted: you may resume")
    RECORDED = "recorded", _("Recorded")
    GRADED = "graded", _("Recorded and graded")
    MISSED = "missed", _("Not recorded: the window is closed")
    DELETED = "deleted", _("Recorded, then deleted")


class Proposal(models.TextChoices):
    """The examiner's proposal for the deliberation (`selection`)."""

    ADMISSIBLE = "admissible", _("Admissible")
    SECOND_INTERVIEW = "second_interview", _("Second live interview")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")


class AuditAction(models.TextChoices):
    """Stored values: never rename one."""

    TAKE_STARTED = "video_interview.take_started"
    TAKE_RESUMED = "video_interview.take_resumed"
    TAKE_STATE = "video_interview.take_state"
    SECOND_TAKE_GRANTED = "video_interview.second_take_granted"
    GRADED = "video_interview.graded"
    RECORDING_PURGED = "video_interview.recording_purged"
    INVITED = "video_interview.invited"
