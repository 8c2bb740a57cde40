"""Referees: the private link, the request, reminders and the answer."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.links import portal_url

from ..enums import AuditAction, RefereeStatus
from ..models import Referee
from .common import (
    DossierError,
    RefereeAlreadyAnswered,
    _ensure_editable,
    _lock,
    _mail,
)

REFEREE_SALT = "candidates.referee"


# --- referees ---------------------------------------------------------------------------------


def referee_link_days() -> int:
    return settings.PORTAL_REFEREE_LINK_DAYS


def referee_reminder_hours() -> int:
    return settings.PORTAL_REFEREE_REMINDER_HOURS


def referee_signed_token(referee) -> str:
    return signing.TimestampSigner(salt=REFEREE_SALT).sign(referee.token)


def referee_unsign(value: str) -> str:
    """The referee token, or signing.SignatureExpired / signing.BadSignature."""
    return signing.TimestampSigner(salt=REFEREE_SALT).unsign(
        value, max_age=dt.timedelta(days=referee_link_days())
    )


def referee_link(referee) -> str:
    return portal_url(reverse("candidates:referee_form", kwargs={"token": referee_signed_token(referee)}))


def _referee_mail(referee, occasion):
    application = referee.application
    candidate = application.candidate
    _mail(
        template_key="referee.request",
        recipient=referee.email,
        context={
            "referee_name": referee.name,
            "candidate_name": candidate.get_full_name() or candidate.email,
            "link": referee_link(referee),
            "days": referee_link_days(),
            "session": application.campaign.name,
        },
        language=candidate.preferred_language,
        related=referee,
        occasion=occasion,
    )


def referee_request(
    *, application, actor, kind, name, email, position="", establishment="", now=None
) -> Referee:
    """Name a referee (R-DOSSIER-6); they receive a private, expiring link to a confidential form."""
    with transaction.atomic():
        locked = _lock(application)
        _ensure_editable(locked, now=now)
        if Referee.objects.filter(application=locked, kind=kind).exists():
            raise DossierError(_("You have already named this referee."), "duplicate")
        referee = Referee.objects.create(
            application=locked,
            kind=kind,
            name=name,
            email=email,
            position=position,
            establishment=establishment,
        )
        referee.application = locked
        audit_record(
            actor=actor, action=AuditAction.REFEREE_REQUEST, obj=referee, after={"kind": kind, "email": email}
        )
        transaction.on_commit(lambda: _referee_mail(referee, "request"))
    return referee


def referee_remind(*, referee, actor, now=None) -> Referee:
    """Send the link again, at most once per PORTAL_REFEREE_REMINDER_HOURS."""
    now = now or timezone.now()
    with transaction.atomic():
        referee = (
            Referee.objects.select_for_update(of=("self",))
            .select_related("application__candidate", "application__campaign")
            .get(pk=referee.pk)
        )
        if referee.status == RefereeStatus.RECEIVED:
            raise DossierError(_("This referee has already answered."), "received")
        last = referee.reminded_at or referee.requested_at
        if now - last < dt.timedelta(hours=referee_reminder_hours()):
            raise DossierError(
                _("A reminder can be sent once every %(hours)s hours.") % {"hours": referee_reminder_hours()},
                "too_soon",
            )
        referee.reminded_at = now
        referee.save(update_fields=["reminded_at"])
        audit_record(actor=actor, action=AuditAction.REFEREE_REMIND, obj=referee)
        occasion = f"reminder-{now:%Y%m%d%H%M%S}"
        transaction.on_commit(lambda: _referee_mail(referee, occasion))
    return referee


def referee_answer(*, referee, answers: dict, now=None) -> Referee:
    """Store the confidential appraisal; a form cannot be answered twice."""
    with transaction.atomic():
        locked = Referee.objects.select_for_update().get(pk=referee.pk)
        if locked.status == RefereeStatus.RECEIVED:
            raise RefereeAlreadyAnswered(_("This appraisal has already been sent. Thank you."), "received")
        locked.answers = answers
        locked.status = RefereeStatus.RECEIVED
        locked.received_at = now or timezone.now()
        locked.save(update_fields=["answers", "status", "received_at"])
        audit_record(actor=f"referee:{locked.email}", action=AuditAction.REFEREE_ANSWER, obj=locked)
    return locked
