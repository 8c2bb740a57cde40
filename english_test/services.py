"""Writes of the English test: invitations, the one state-changing function, what
providers send (callbacks, webhooks, staff's CSV import), invalidation, pictures' deletion."""

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from admissions.models import Campaign
from candidates.models import Application
from core.audit import audit_record, audit_record_many
from core.errors import PortalError
from notifications.services import email_queue_many

from . import selectors
from .enums import ALLOWED_TRANSITIONS, AuditAction, EventSource, Level, TakeState
from .mail import INVITATION_OCCASION, INVITATION_TEMPLATE, invitation_context
from .models import IdentityPicture, ProviderEvent, Take
from .providers import ProviderResult, current_provider


class EnglishTestError(PortalError):
    code = "english_test"


class TransitionRefused(EnglishTestError):
    code = "transition_refused"


class ReplayedEvent(EnglishTestError):
    """The event was already received: nothing is recorded twice."""

    code = "replayed"
    default_message = gettext_lazy("This result was already received: nothing was recorded twice.")


class OutsideWindow(EnglishTestError):
    code = "outside_window"


# --- the one state change ---------------------------------------------------------------


def take_transition(
    *,
    take: Take,
    target: TakeState,
    actor=None,
    reason: str = "",
    at: dt.datetime | None = None,
    score: Decimal | None = None,
    level: str = "",
    action: AuditAction = AuditAction.TRANSITION,
    locked: bool = False,
) -> Take:
    """Move `take` to `target` if the table allows it (the row locked and re-read, unless the
    caller already did in its transaction: `locked`), with the result for a completed test;
    one audit entry."""
    target = TakeState(target)
    at = at or timezone.now()
    with transaction.atomic():
        if not locked:
            take = Take.objects.select_for_update().get(pk=take.pk)
        if target not in ALLOWED_TRANSITIONS[TakeState(take.state)]:
            raise TransitionRefused(
                _("The English test cannot go from “%(from)s” to “%(to)s”.")
                % {"from": take.get_state_display(), "to": target.label}
            )
        before = {"state": take.state, "score": _text(take.score), "level": take.level}
        take.state, take.state_changed_at = target, at
        if target == TakeState.STARTED:
            take.started_at = at
        if target == TakeState.COMPLETED:
            take.completed_at, take.score, take.level = at, score, level or ""
        if target in (TakeState.INVALIDATED, TakeState.TECHNICAL_PROBLEM):
            take.reason = reason
        take.save()
        audit_record(
            actor=actor,
            action=action,
            obj=take,
            before=before,
            after={"state": take.state, "score": _text(take.score), "level": take.level},
            reason=reason,
        )
    return take


def _text(value) -> str:
    return "" if value is None else str(value)


# --- invitations ------------------------------------------------------------------------


@dataclass
class InvitationReport:
    invited: int = 0
    emails: int = 0


def invitations_send(*, campaign: Campaign, actor=None, now: dt.datetime | None = None) -> InvitationReport:
    """Invite, once, every candidate of the session whose released decision lists the English
    test and who has no test yet: one test and one e-mail per candidate (even with two
    choices that require it), in their language. Refused outside the window; a rerun
    creates and queues nothing."""
    now = now or timezone.now()
    start, end = selectors.window(campaign)
    if not start <= now < end:
        raise OutsideWindow(_("Invitations to the English test go out only within its window."))
    provider = current_provider()
    report = InvitationReport()
    ids = selectors.applications_to_invite(campaign)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        with transaction.atomic():
            # Lock the applications first (a concurrent run waits here), then, in a new
            # statement that sees what that run committed, keep those still without a test.
            list(
                Application.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk")
            )
            applications = list(
                Application.objects.filter(pk__in=chunk, english_test__isnull=True)
                .select_related("candidate", "campaign")
                .order_by("pk")
            )
            takes = Take.objects.bulk_create(
                [
                    Take(
                        application=application,
                        provider=provider.code,
                        invited_at=now,
                        state_changed_at=now,
                    )
                    for application in applications
                ]
            )
            audit_record_many(
                actor=actor,
                action=AuditAction.INVITED,
                changes=[(take, {}, {"state": take.state, "provider": take.provider}) for take in takes],
            )
            queued = email_queue_many(
                template_key=INVITATION_TEMPLATE,
                items=[
                    {
                        "recipient": take.application.candidate,
                        "context": invitation_context(take, provider),
                        "related": take,
                        "occasion": INVITATION_OCCASION,
                    }
                    for take in takes
                ],
            )
        report.invited += len(takes)
        report.emails += len(queued)
    return report


def invitations_milestone_run(campaign: Campaign) -> int:
    """The `english_test.invite` milestone: the number of e-mails queued."""
    return invitations_send(campaign=campaign).emails


# --- what a provider sends --------------------------------------------------------------


class Outcome:
    RECORDED = "recorded"  # the state (and the result) changed
    UNCHANGED = "unchanged"  # received and kept, nothing to change (a second "started")


class InvalidResult(EnglishTestError):
    code = "invalid"


RECEIVABLE = (TakeState.STARTED, TakeState.COMPLETED, TakeState.TECHNICAL_PROBLEM)
PICTURE_TYPES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


def result_check(result: ProviderResult) -> None:
    """Refuse a result the portal could not store (before anything is recorded)."""
    if result.kind not in RECEIVABLE:
        raise InvalidResult(_("Unknown event type."), code="unknown_kind")
    if result.kind == TakeState.COMPLETED:
        if result.score is None or not 0 <= result.score <= score_max():
            raise InvalidResult(_("The score is missing or out of range."), code="score_out_of_range")
        if result.level and result.level not in Level.values:
            raise InvalidResult(_("Unknown level."), code="unknown_level")


def score_max() -> Decimal:
    return Decimal(settings.ENGLISH_TEST_SCORE_MAX)


def provider_result_receive(*, result: ProviderResult, take: Take) -> str:
    """Record what the provider sent, once: the event by its identifier (a replay raises
    ReplayedEvent and records nothing), the state change, the identity pictures as sent."""
    result_check(result)
    pictures = [_decoded_picture(picture) for picture in result.pictures]
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProviderEvent.objects.create(
                    source=result.source,
                    event_id=result.event_id,
                    kind=result.kind,
                    take=take,
                    payload=result.payload,
                )
        except IntegrityError:
            raise ReplayedEvent() from None
        take = Take.objects.select_for_update().get(pk=take.pk)
        for picture in pictures:
            _picture_store(take, picture)
        new_reference = bool(result.provider_reference and not take.provider_reference)
        if new_reference:
            take.provider_reference = result.provider_reference
        if take.state == result.kind:
            if new_reference:
                take.save(update_fields=["provider_reference"])
            return Outcome.UNCHANGED
        take_transition(
            take=take,
            target=result.kind,
            at=result.occurred_at,
            score=result.score,
            level=result.level,
            reason=result.reason,
            locked=True,
        )
    return Outcome.RECORDED


def _decoded_picture(picture: dict) -> dict:
    try:
        data = base64.b64decode(picture["data"], validate=True)
        content_type = picture["content_type"]
        picture_id = str(picture["id"])[:100]
    except (KeyError, TypeError, binascii.Error) as error:
        raise InvalidResult(_("An identity picture is not readable."), code="bad_picture") from error
    magic = PICTURE_TYPES.get(content_type)
    if not picture_id or magic is None or not data.startswith(magic):
        raise InvalidResult(_("An identity picture is not a JPEG or PNG image."), code="bad_picture")
    return {"id": picture_id, "content_type": content_type, "data": data, "taken_at": picture.get("taken_at")}


def _picture_store(take: Take, picture: dict) -> None:
    """As the provider sent it (not re-encoded: it is evidence), once per identifier."""
    if IdentityPicture.objects.filter(take=take, provider_picture_id=picture["id"]).exists():
        return
    extension = ".png" if picture["content_type"] == "image/png" else ".jpg"
    taken_at = picture["taken_at"]
    IdentityPicture.objects.create(
        take=take,
        provider_picture_id=picture["id"],
        content_type=picture["content_type"],
        taken_at=dt.datetime.fromisoformat(taken_at) if isinstance(taken_at, str) and taken_at else None,
        file=ContentFile(picture["data"], name=f"picture{extension}"),
    )


# --- staff ------------------------------------------------------------------------------


def take_invalidate(*, take: Take, actor, reason: str) -> Take:
    reason = (reason or "").strip()
    if not reason:
        raise EnglishTestError(_("Give the reason for the invalidation."), code="reason_required")
    return take_transition(
        take=take, target=TakeState.INVALIDATED, actor=actor, reason=reason, action=AuditAction.INVALIDATED
    )


def results_import(*, campaign: Campaign, rows, actor, file_name: str = "") -> int:
    """Record the rows of a clean results file (`imports.parse` found no error): each
    completed test once (the same row imported again records nothing). All or nothing."""
    recorded = 0
    with transaction.atomic():
        for row in rows:
            result = ProviderResult(
                source=EventSource.CSV,
                event_id=f"{campaign.year}:{row.take.reference}:{row.score}:{row.level}",
                kind=TakeState.COMPLETED,
                provider_reference=row.provider_reference,
                score=row.score,
                level=row.level,
                occurred_at=row.completed_at,
                payload={"line": row.line, "file": file_name},
            )
            try:
                if provider_result_receive(result=result, take=row.take) == Outcome.RECORDED:
                    recorded += 1
            except ReplayedEvent:
                continue
        audit_record(
            actor=actor,
            action=AuditAction.CSV_IMPORTED,
            obj=campaign,
            after={"rows": len(rows), "recorded": recorded, "file": file_name},
        )
    return recorded


def identity_pictures_delete(*, campaign: Campaign, actor=None, exclude_applications=()) -> int:
    """Delete the session's identity-check pictures, files and rows (R-TEST-6, with the
    recordings, R-TEST-7): for the retention rules to call (english_test/retention.py), which
    leave out the dossiers under a hold. Returns the number deleted."""
    pictures = list(
        IdentityPicture.objects.filter(take__application__campaign=campaign).exclude(
            take__application__in=exclude_applications
        )
    )
    for picture in pictures:
        picture.file.delete(save=False)
    IdentityPicture.objects.filter(pk__in=[p.pk for p in pictures]).delete()
    audit_record(
        actor=actor, action=AuditAction.PICTURES_DELETED, obj=campaign, after={"deleted": len(pictures)}
    )
    return len(pictures)
