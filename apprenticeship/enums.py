"""States, choices and audit actions of the CFA's apprenticeship phase."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobSheetState(models.TextChoices):
    """The life of a job sheet ("fiche descriptive de projet d'emploi", R-CFA-2..4). Changed
    only by `services.job_sheets.job_sheet_transition`, along JOB_SHEET_TRANSITIONS."""

    INVITED = "invited", _("Employer invited")
    FILLING = "filling", _("Being filled in by the employer")
    SENT = "sent", _("Sent to the school")
    CHANGES_ASKED = "changes_asked", _("Changes asked")
    APPROVED = "approved", _("Approved")
    WAITING = "waiting", _("Approved, waiting: no place left")
    REGISTERED = "registered", _("Registered")
    REFUSED = "refused", _("Refused")
    CLOSED = "closed", _("Closed")


# The employer may still write in these states.
EDITABLE_STATES = frozenset({JobSheetState.INVITED, JobSheetState.FILLING, JobSheetState.CHANGES_ASKED})
# A sheet the school has to read.
REVIEWABLE_STATES = frozenset({JobSheetState.SENT})
# A sheet still alive (not refused, not closed).
LIVE_STATES = frozenset(set(JobSheetState) - {JobSheetState.REFUSED, JobSheetState.CLOSED})

_CLOSE = frozenset({JobSheetState.CLOSED})
JOB_SHEET_TRANSITIONS: dict[str, frozenset[str]] = {
    JobSheetState.INVITED: frozenset({JobSheetState.FILLING, JobSheetState.SENT, *_CLOSE}),
    JobSheetState.FILLING: frozenset({JobSheetState.SENT, *_CLOSE}),
    JobSheetState.SENT: frozenset(
        {JobSheetState.CHANGES_ASKED, JobSheetState.APPROVED, JobSheetState.REFUSED, *_CLOSE}
    ),
    JobSheetState.CHANGES_ASKED: frozenset({JobSheetState.SENT, *_CLOSE}),
    JobSheetState.APPROVED: frozenset({JobSheetState.REGISTERED, JobSheetState.WAITING, *_CLOSE}),
    JobSheetState.WAITING: frozenset({JobSheetState.REGISTERED, *_CLOSE}),
    # A registered sheet is closed when its wish is withdrawn: the place goes back.
    JobSheetState.REGISTERED: _CLOSE,
    JobSheetState.REFUSED: frozenset(),
    JobSheetState.CLOSED: frozenset(),
}


class CompanySize(models.TextChoices):
    MICRO = "micro", _("Fewer than 11 employees")
    SMALL = "small", _("11 to 49 employees")
    MEDIUM = "medium", _("50 to 249 employees")
    LARGE = "large", _("250 employees or more")


class BlockVerdict(models.TextChoices):
    """The school's judgement of the missions for one block of the competency framework (R-CFA-3)."""

    FITS = "fits", _("Fits the block")
    PARTLY = "partly", _("Partly fits")
    DOES_NOT_FIT = "does_not_fit", _("Does not fit")


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Approve the sheet")
    CHANGES = "changes", _("Ask the employer for changes")
    REFUSE = "refuse", _("Refuse the sheet")


class AuditAction(models.TextChoices):
    """What the CFA's services write in the audit log (`core.audit.audit_record`).
    The values are stored: never change one, or older entries stop matching readers."""

    JOB_SHEET_INVITE = "apprenticeship.job_sheet_invite"
    JOB_SHEET_SAVE = "apprenticeship.job_sheet_save"
    JOB_SHEET_SEND = "apprenticeship.job_sheet_send"
    JOB_SHEET_REVIEW = "apprenticeship.job_sheet_review"
    JOB_SHEET_REGISTER = "apprenticeship.job_sheet_register"
    JOB_SHEET_WAIT = "apprenticeship.job_sheet_wait"
    JOB_SHEET_CLOSE = "apprenticeship.job_sheet_close"
    DIPLOMA_VERIFY = "apprenticeship.diploma_verify"
    WISH_ADMIT = "apprenticeship.wish_admit"
    CONTRACT_RECORD = "apprenticeship.contract_record"
    WISH_WITHDRAWN_ON_ENROLMENT = "apprenticeship.wish_withdrawn_on_enrolment"
