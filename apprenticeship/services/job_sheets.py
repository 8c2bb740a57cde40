"""Job sheets (R-CFA-2, R-CFA-3): the candidate invites an employer, the employer fills the
sheet through a private link (autosaved), sends it; the school judges it block by block.
Every change of state goes through `job_sheet_transition` and its table."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.enums import WishState
from candidates.models import Wish
from candidates.selectors import released_state
from core.audit import audit_record
from core.errors import PortalError
from core.links import portal_url
from notifications.services import email_queue

from ..enums import (
    EDITABLE_STATES,
    JOB_SHEET_TRANSITIONS,
    LIVE_STATES,
    AuditAction,
    JobSheetState,
    ReviewDecision,
)
from ..models import BlockReview, CompetencyBlock, JobSheet, JobSheetReview, JobSheetVersion
from ..models.job_sheets import CONTENT_FIELDS

JOB_SHEET_SALT = "apprenticeship.job_sheet"
# A candidate may ask several employers at once, not the whole directory.
MAX_LIVE_SHEETS_PER_WISH = 5


class JobSheetError(PortalError):
    """A refusal about a job sheet, a place, an admission or a contract."""


def job_sheet_transition(
    *, sheet: JobSheet, target: JobSheetState, actor, action, reason="", **fields
) -> JobSheet:
    """The one function that changes a sheet's state: `sheet` is a row the caller locked;
    raises JobSheetError unless JOB_SHEET_TRANSITIONS allows it. `fields` are saved with it."""
    if target not in JOB_SHEET_TRANSITIONS.get(sheet.state, frozenset()):
        raise JobSheetError(
            _("This job sheet is “%(state)s”: it cannot become “%(target)s”.")
            % {"state": JobSheetState(sheet.state).label, "target": JobSheetState(target).label},
            "transition",
        )
    before = sheet.state
    sheet.state = target
    sheet.state_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(sheet, name, value)
    sheet.save(update_fields=["state", "state_changed_at", *fields])
    audit_record(
        actor=actor,
        action=action,
        obj=sheet,
        before={"state": before},
        after={"state": target},
        reason=reason,
    )
    return sheet


# What the mails and the audit entries' labels read (str(sheet) names the wish).
SHEET_RELATIONS = (
    "wish__application__candidate",
    "wish__application__campaign",
    "wish__intake__program",
    "wish__intake__campaign",
    "intake__program",
)


def lock_sheet(sheet) -> JobSheet:
    return JobSheet.objects.select_for_update(of=("self",)).select_related(*SHEET_RELATIONS).get(pk=sheet.pk)


# --- the private link ---------------------------------------------------------------------


def job_sheet_link_days() -> int:
    return settings.PORTAL_JOB_SHEET_LINK_DAYS


def job_sheet_signed_token(sheet) -> str:
    return signing.TimestampSigner(salt=JOB_SHEET_SALT).sign(sheet.token)


def job_sheet_unsign(value: str) -> str:
    """The sheet's token, or signing.SignatureExpired / signing.BadSignature."""
    return signing.TimestampSigner(salt=JOB_SHEET_SALT).unsign(
        value, max_age=dt.timedelta(days=job_sheet_link_days())
    )


def job_sheet_link(sheet) -> str:
    return portal_url(
        reverse("apprenticeship:employer_sheet", kwargs={"token": job_sheet_signed_token(sheet)})
    )


# --- mail ---------------------------------------------------------------------------------


def mail_context(sheet) -> dict:
    candidate = sheet.wish.application.candidate
    intake = sheet.intake
    return {
        "candidate_name": candidate.get_full_name() or candidate.email,
        "program": f"{intake.program.name}, {intake.get_level_display()}",
        "company": sheet.company_name or sheet.employer_name,
    }


def mail_candidate(sheet, template_key, occasion, **extra):
    """Queued in the caller's transaction: rolled back with it, sent after its commit."""
    email_queue(
        template_key=template_key,
        recipient=sheet.wish.application.candidate,
        context={**mail_context(sheet), **extra},
        related=sheet,
        occasion=occasion,
    )


def mail_address(sheet, address, template_key, occasion, **extra):
    language = getattr(sheet.wish.application.candidate, "preferred_language", None) or settings.LANGUAGE_CODE
    email_queue(
        template_key=template_key,
        recipient=address,
        context={**mail_context(sheet), **extra},
        language=language,
        related=sheet,
        occasion=occasion,
    )


# --- the candidate ------------------------------------------------------------------------


def job_sheet_invite(*, wish, actor, employer_name: str, employer_email: str, now=None) -> JobSheet:
    """An admissible candidate invites a future employer (R-CFA-2); several in parallel.
    Inviting the same employer again sends a fresh link to the same sheet."""
    now = now or timezone.now()
    employer_email = employer_email.strip().lower()
    with transaction.atomic():
        locked = (
            Wish.objects.select_for_update(of=("self",))
            .select_related("application__candidate", "application__campaign", "intake__program")
            .get(pk=wish.pk)
        )
        campaign = locked.application.campaign
        if released_state(locked, campaign, now) != WishState.ADMISSIBLE:
            raise JobSheetError(
                _("Only an admissible choice without a place yet may have a job sheet."), "not_admissible"
            )
        live = list(JobSheet.objects.filter(wish=locked, state__in=LIVE_STATES))
        same = next((sheet for sheet in live if sheet.employer_email == employer_email), None)
        if same is not None:
            # The same employer again (a lost e-mail, an expired link): a fresh link to the same sheet.
            same.wish = locked
            audit_record(actor=actor, action=AuditAction.JOB_SHEET_INVITE, obj=same, after={"again": True})
            _invite_mail(same, occasion=f"invite-{now:%Y%m%d%H%M%S}")
            return same
        if len(live) >= MAX_LIVE_SHEETS_PER_WISH:
            raise JobSheetError(
                _("At most %(count)d employers may be invited at once for a choice.")
                % {"count": MAX_LIVE_SHEETS_PER_WISH},
                "too_many",
            )
        sheet = JobSheet.objects.create(
            wish=locked,
            intake=locked.intake,
            employer_name=employer_name.strip(),
            employer_email=employer_email,
            invited_at=now,
        )
        sheet.wish = locked
        audit_record(
            actor=actor, action=AuditAction.JOB_SHEET_INVITE, obj=sheet, after={"email": employer_email}
        )
        _invite_mail(sheet, occasion="invite")
    return sheet


def _invite_mail(sheet, *, occasion):
    mail_address(
        sheet,
        sheet.employer_email,
        "job_sheet.invite",
        occasion,
        employer_name=sheet.employer_name,
        link=job_sheet_link(sheet),
        days=job_sheet_link_days(),
    )


# --- the employer -------------------------------------------------------------------------


def _ensure_editable(sheet):
    if sheet.state not in EDITABLE_STATES:
        raise JobSheetError(
            _("This job sheet was sent to the school (%(state)s): it can no longer be changed.")
            % {"state": JobSheetState(sheet.state).label},
            "not_editable",
        )


def _write(sheet, data):
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(sheet, name, data[name])


def job_sheet_save(*, sheet, data: dict) -> JobSheet:
    """The employer's draft (autosave): kept as typed, checked only when sent."""
    with transaction.atomic():
        locked = lock_sheet(sheet)
        _ensure_editable(locked)
        _write(locked, data)
        locked.save(update_fields=[name for name in CONTENT_FIELDS if name in data])
        if locked.state == JobSheetState.INVITED:
            job_sheet_transition(
                sheet=locked, target=JobSheetState.FILLING, actor=None, action=AuditAction.JOB_SHEET_SAVE
            )
    return locked


def job_sheet_send(*, sheet, data: dict, now=None) -> JobSheet:
    """The employer sends the sheet (checked by the form); a new version is kept each time."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_sheet(sheet)
        _ensure_editable(locked)
        _write(locked, data)
        locked.save(update_fields=list(CONTENT_FIELDS))
        number = locked.versions.count() + 1
        JobSheetVersion.objects.create(sheet=locked, number=number, content=locked.content, sent_at=now)
        job_sheet_transition(
            sheet=locked,
            target=JobSheetState.SENT,
            actor=None,
            action=AuditAction.JOB_SHEET_SEND,
            sent_at=now,
        )
        mail_candidate(locked, "job_sheet.sent", f"sent-{number}")
    return locked


# --- the school -----------------------------------------------------------------------------

_DECISION_TARGET = {
    ReviewDecision.APPROVE: JobSheetState.APPROVED,
    ReviewDecision.CHANGES: JobSheetState.CHANGES_ASKED,
    ReviewDecision.REFUSE: JobSheetState.REFUSED,
}


def job_sheet_review(
    *, sheet, actor, decision: str, comment: str, verdicts: dict, now=None
) -> JobSheetReview:
    """The school's judgement (R-CFA-3): `verdicts` = {block pk: (verdict, comment)} for every
    block of the program's framework; approve, ask for changes, or refuse with a reason."""
    now = now or timezone.now()
    decision = ReviewDecision(decision)
    with transaction.atomic():
        locked = lock_sheet(sheet)
        if locked.state != JobSheetState.SENT:
            raise JobSheetError(
                _("This job sheet is “%(state)s”: there is nothing to judge.")
                % {"state": JobSheetState(locked.state).label},
                "not_sent",
            )
        blocks = list(CompetencyBlock.objects.filter(program_id=locked.intake.program_id))
        missing = [block.code for block in blocks if block.pk not in verdicts]
        if missing:
            raise JobSheetError(
                _("Give a verdict on every block: %(codes)s.") % {"codes": ", ".join(missing)}, "verdicts"
            )
        if decision != ReviewDecision.APPROVE and not comment.strip():
            raise JobSheetError(_("Say why: the employer and the candidate read it."), "reason")
        version = locked.versions.order_by("-number").first()
        review = JobSheetReview.objects.create(
            sheet=locked, version=version, reviewer=actor, decision=decision, comment=comment.strip(), at=now
        )
        BlockReview.objects.bulk_create(
            BlockReview(
                review=review, block=block, verdict=verdicts[block.pk][0], comment=verdicts[block.pk][1]
            )
            for block in blocks
        )
        fields = {}
        if decision == ReviewDecision.APPROVE:
            fields["approved_at"] = now
        if decision == ReviewDecision.REFUSE:
            fields["refusal_reason"] = comment.strip()
        job_sheet_transition(
            sheet=locked,
            target=_DECISION_TARGET[decision],
            actor=actor,
            action=AuditAction.JOB_SHEET_REVIEW,
            reason=comment.strip(),
            **fields,
        )
        occasion = f"review-{review.pk}"
        words = {"decision": str(decision.label), "comment": comment.strip()}
        mail_candidate(locked, "job_sheet.decision", occasion, link="", **words)
        link = job_sheet_link(locked) if decision == ReviewDecision.CHANGES else ""
        mail_address(locked, locked.employer_email, "job_sheet.decision", occasion, link=link, **words)
    return review
