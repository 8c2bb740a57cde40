"""Submission, its reference, the receipt PDF and the acknowledgment e-mail."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.pdf import render_pdf
from notifications.models import OutboxMessage

from .. import tasks  # the module, not its names: tasks imports services back
from ..enums import AuditAction, DossierChangeKind, WishState
from ..fees import charged_wishes, fee_breakdown
from ..models import Application, DossierChange
from ..selectors import application_queryset, document_checklist, dossier_completeness
from .common import (
    DossierError,
    DossierIncomplete,
    _change_record,
    _lock,
    _mail,
    _wish_names,
)
from .dossier import wish_submit

# --- submission ---------------------------------------------------------------------------------


def application_reference(application) -> str:
    return f"IMTMA-{application.campaign.year}-{application.pk:06d}"


def application_submit(*, application, actor, now=None) -> tuple[Application, bool]:
    """Submit a complete dossier before the deadline (R-DOSSIER-1..3). The application row is
    locked and re-read: a second submission (two tabs, double click) changes nothing and
    returns (application, False).

    A submitted dossier may still change until the deadline (R-DOSSIER-1): a wish added then
    stays a draft until it is filed here, under the rule of the first filing: the dossier
    complete, the documents its program asks for attached and the fee difference paid
    (notice §4.1: the dossier holds every document "à son dépôt"; the fees are its processing
    fees). Filing dates the change and acknowledges it with the updated receipt."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(application)
        if locked.submitted_at:
            return _added_wishes_submit(locked, actor=actor, now=now)
        _ensure_open(locked, now)
        fresh = _complete_dossier(locked)
        locked.reference = application_reference(locked)
        locked.submitted_at = now
        locked.save(update_fields=["reference", "submitted_at", "updated_at"])
        for wish in fresh.wishes.all():
            if wish.state == WishState.DRAFT:
                wish_submit(wish=wish, actor=actor)
        audit_record(
            actor=actor,
            action=AuditAction.APPLICATION_SUBMIT,
            obj=locked,
            after={"reference": locked.reference},
        )
        # robust: the broker down must not turn a committed submission into an error page;
        # the acknowledgment is then queued by the sweeper (acknowledgments_sweep).
        transaction.on_commit(lambda: _acknowledge_later(locked.pk), robust=True)
    return locked, True


def _ensure_open(application, now):
    if not application.campaign.is_open_for_submission(now):
        raise DossierError(
            _("Submissions are closed: the deadline was %(date)s at midnight (Paris time).")
            % {"date": date_format(application.campaign.submission_deadline, "SHORT_DATE_FORMAT")},
            "closed",
        )


def _complete_dossier(locked):
    fresh = application_queryset().get(pk=locked.pk)
    completeness = dossier_completeness(fresh)
    if not completeness.complete:
        raise DossierIncomplete(completeness)
    return fresh


def _added_wishes_submit(locked, *, actor, now) -> tuple[Application, bool]:
    """File the wishes added to a submitted dossier (see application_submit)."""
    drafts = list(locked.wishes.filter(state=WishState.DRAFT).select_related("intake__program"))
    if not drafts:
        return locked, False
    _ensure_open(locked, now)
    _complete_dossier(locked)
    for wish in drafts:
        wish_submit(wish=wish, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.APPLICATION_CHANGES_SUBMIT,
        obj=locked,
        after={"wishes": [wish.pk for wish in drafts]},
    )
    _change_record(
        application=locked,
        kind=DossierChangeKind.WISH_ADDED,
        subject=", ".join(_wish_names(drafts, recipient=locked.candidate)),
        actor=actor,
        now=now,
    )
    return locked, True


def _acknowledge_later(application_id):
    tasks.application_acknowledge.delay(application_id)


def application_receipt_pdf(*, application, language=None) -> bytes:
    application = application_queryset().get(pk=application.pk)
    language = language or application.candidate.preferred_language
    return render_pdf(
        "pdf/receipt.html",
        {
            "application": application,
            "candidate": application.candidate,
            # Every filed wish, a withdrawn one too (with its state and date): a change of the
            # dossier adds a dated line, never erases one.
            "wishes": [wish for wish in application.wishes.all() if wish.state != WishState.DRAFT],
            "changes": list(application.changes.all()),
            "checklist": document_checklist(application),
            "fees": fee_breakdown(application),
        },
        language,
        cache_key=f"receipt:{application.pk}",
    )


def application_acknowledgment_send(*, application_id):
    """The acknowledgment of receipt, by e-mail only (R-DOSSIER-3), with the PDF receipt.
    Idempotent: one per application (the outbox's key)."""
    application = Application.objects.select_related("candidate", "campaign").get(pk=application_id)
    if not application.submitted_at:
        return None
    pdf = application_receipt_pdf(application=application)
    # The filed wishes: one added since and not filed yet is not acknowledged (R-DOSSIER-1).
    filed = [
        wish
        for wish in charged_wishes(application_queryset().get(pk=application.pk))
        if wish.state != WishState.DRAFT
    ]
    wishes = _wish_names(filed, recipient=application.candidate)
    return _mail(
        template_key="dossier.acknowledgment",
        recipient=application.candidate,
        context={
            "candidate_name": application.candidate.get_full_name() or application.candidate.email,
            "reference": application.reference,
            # A datetime: the e-mail writes it in the recipient's language, Paris time.
            "submitted_at": timezone.localtime(application.submitted_at),
            "session": application.campaign.name,
            "wishes": "\n".join(f"- {name}" for name in wishes),
        },
        related=application,
        occasion="submitted",
        attachments=((f"{application.reference}.pdf", pdf, "application/pdf"),),
    )


def dossier_change_acknowledgment_send(*, change_id):
    """A change of a submitted dossier is acknowledged by e-mail with the updated receipt
    (R-DOSSIER-1, R-DOSSIER-3). Idempotent: one per change (the outbox's key)."""
    change = DossierChange.objects.select_related("application__candidate", "application__campaign").get(
        pk=change_id
    )
    application = change.application
    pdf = application_receipt_pdf(application=application)
    with translation.override(application.candidate.preferred_language or "fr"):
        change_text = f"{change.get_kind_display()}: {change.subject}"
    return _mail(
        template_key="dossier.changed",
        recipient=application.candidate,
        context={
            "candidate_name": application.candidate.get_full_name() or application.candidate.email,
            "reference": application.reference or "",
            "changed_at": timezone.localtime(change.at),
            "change": change_text,
            "reason": change.reason,
        },
        related=application,
        occasion=f"change-{change.pk}",
        attachments=((f"{application.reference}.pdf", pdf, "application/pdf"),),
    )


# A submitted dossier whose acknowledgment is still not in the outbox this long after
# submission: its task was lost (broker restart) and is queued again.
ACKNOWLEDGMENT_LOST_AFTER = dt.timedelta(minutes=10)


def acknowledgments_sweep(*, now=None) -> int:
    """R-DOSSIER-3 never depends on one broker message: re-queue the acknowledgment of
    every dossier submitted in the last days that has none in the outbox yet (the
    outbox's idempotency key makes a duplicate impossible). Returns how many."""
    now = now or timezone.now()
    submitted = list(
        Application.objects.filter(
            submitted_at__lte=now - ACKNOWLEDGMENT_LOST_AFTER, submitted_at__gte=now - dt.timedelta(days=7)
        ).values_list("pk", flat=True)
    )
    acknowledged = set(
        OutboxMessage.objects.filter(
            template_key="dossier.acknowledgment",
            related_content_type=ContentType.objects.get_for_model(Application),
            related_object_id__in=[str(pk) for pk in submitted],
        ).values_list("related_object_id", flat=True)
    )
    missing = [pk for pk in submitted if str(pk) not in acknowledged]
    for application_id in missing:
        _acknowledge_later(application_id)
    return len(missing) + _change_acknowledgments_sweep(now)


def _change_acknowledgments_sweep(now) -> int:
    """The same for the changes of submitted dossiers (R-DOSSIER-1): each acknowledgment is
    an outbox row whose occasion names the change."""
    changes = list(
        DossierChange.objects.filter(
            at__lte=now - ACKNOWLEDGMENT_LOST_AFTER, at__gte=now - dt.timedelta(days=7)
        ).values_list("pk", flat=True)
    )
    sent = set(
        OutboxMessage.objects.filter(
            template_key="dossier.changed", occasion__in=[f"change-{pk}" for pk in changes]
        ).values_list("occasion", flat=True)
    )
    missing = [pk for pk in changes if f"change-{pk}" not in sent]
    for change_id in missing:
        tasks.dossier_change_acknowledge.delay(change_id)
    return len(missing)
