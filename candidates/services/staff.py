"""Staff actions on a dossier, each with a reason: refusal of examination, voiding, the
scholarship proof, corrections of the title and of a document's type."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.formatting import Money
from core.links import portal_url

from ..enums import OPEN_STATES, AuditAction, DocumentState, DossierChangeKind, ScholarshipStatus, WishState
from ..fees import amount_owed
from ..models import Application, Document, Wish
from ..workflow import wishes_transition
from .common import (
    DossierError,
    _change_record,
    _lock,
    _mail,
    _snapshot,
    _wishes_eligibility_refresh,
)

# --- staff ----------------------------------------------------------------------------------------


def _require_reason(reason):
    if not (reason or "").strip():
        raise DossierError(_("A reason is required."), "reason")


def application_refuse_examination(*, application, actor, reason) -> int:
    """R-DOSSIER-2: a submitted dossier without the indispensable documents is refused
    examination, also while the jury reads it (a missing document may come to light then);
    the candidate is told by e-mail with the reason."""
    _require_reason(reason)
    with transaction.atomic():
        locked = _lock(application)
        wishes = list(
            Wish.objects.filter(
                application=locked, state__in=(WishState.SUBMITTED, WishState.UNDER_REVIEW)
            ).select_related("intake__program")
        )
        if not wishes:
            raise DossierError(
                _("Only a submitted dossier whose choices await or are under examination can be refused."),
                "state",
            )
        wishes_transition(
            wishes=wishes,
            target=WishState.REFUSED_EXAMINATION,
            actor=actor,
            reason=reason,
            action=AuditAction.WISH_REFUSE_EXAMINATION,
        )
        audit_record(
            actor=actor, action=AuditAction.APPLICATION_REFUSE_EXAMINATION, obj=locked, reason=reason
        )
        transaction.on_commit(
            lambda: _mail(
                template_key="dossier.refused_examination",
                recipient=locked.candidate,
                context={"reference": locked.reference or "", "reason": reason},
                related=locked,
                occasion="refused_examination",
            )
        )
    return len(wishes)


def application_void(*, application, actor, reason) -> int:
    """R-DOSSIER-5: a false declaration voids the application and rejects it, also when it is
    found after a decision (every open state may move to voided)."""
    _require_reason(reason)
    with transaction.atomic():
        locked = _lock(application)
        wishes = list(
            Wish.objects.filter(application=locked, state__in=OPEN_STATES).exclude(state=WishState.DRAFT)
        )
        if not wishes:
            raise DossierError(_("This dossier has no open submitted choice."), "state")
        wishes_transition(
            wishes=wishes, target=WishState.VOIDED, actor=actor, reason=reason, action=AuditAction.WISH_VOID
        )
        audit_record(actor=actor, action=AuditAction.APPLICATION_VOID, obj=locked, reason=reason)
        transaction.on_commit(
            lambda: _mail(
                template_key="dossier.voided",
                recipient=locked.candidate,
                context={"reference": locked.reference or "", "reason": reason},
                related=locked,
                occasion="voided",
            )
        )
    return len(wishes)


def scholarship_proof_refuse(*, application, actor, reason):
    """The proof is refused: the standard fee applies and the difference is owed (the payments
    selectors compute it); the candidate is told by e-mail."""
    _require_reason(reason)
    with transaction.atomic():
        locked = _lock(application)
        if locked.scholarship_status not in (ScholarshipStatus.DECLARED, ScholarshipStatus.VERIFIED):
            raise DossierError(_("No scholarship is declared on this dossier."), "state")
        before = locked.scholarship_status
        locked.scholarship_status = ScholarshipStatus.REFUSED
        locked.save(update_fields=["scholarship_status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.APPLICATION_SCHOLARSHIP_REFUSE,
            obj=locked,
            before={"scholarship_status": before},
            after={"scholarship_status": locked.scholarship_status},
            reason=reason,
        )

        def notify():
            fresh = Application.objects.select_related("campaign__fees", "candidate").get(pk=locked.pk)
            _mail(
                template_key="dossier.scholarship_refused",
                recipient=fresh.candidate,
                context={
                    "reference": fresh.reference or "",
                    "reason": reason,
                    "amount_owed": Money(amount_owed(fresh), fresh.campaign.fees.currency),
                    "pay_link": portal_url(reverse("payments:pay", args=[fresh.campaign.year])),
                },
                related=fresh,
                occasion="scholarship_refused",
            )

        transaction.on_commit(notify)
    application.scholarship_status = ScholarshipStatus.REFUSED
    return application


def scholarship_proof_accept(*, application, actor):
    with transaction.atomic():
        locked = _lock(application)
        if locked.scholarship_status != ScholarshipStatus.DECLARED:
            raise DossierError(_("No scholarship proof awaits checking on this dossier."), "state")
        locked.scholarship_status = ScholarshipStatus.VERIFIED
        locked.save(update_fields=["scholarship_status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.APPLICATION_SCHOLARSHIP_ACCEPT,
            obj=locked,
            before={"scholarship_status": ScholarshipStatus.DECLARED},
            after={"scholarship_status": ScholarshipStatus.VERIFIED},
        )
    application.scholarship_status = ScholarshipStatus.VERIFIED
    return application


# --- corrections ----------------------------------------------------------------------------

CORRECTED_TITLE_FIELDS = ("title_choice", "listed_title")


def application_title_correct(*, application, actor, title_choice, listed_title, reason, now=None):
    """The admissions office corrects the title a candidate declared (its kind, the listed
    title), with a reason. The eligibility of the wishes not yet decided is computed again
    (R-ELIG-1..4); the change is dated on the dossier and acknowledged by e-mail."""
    _require_reason(reason)
    if listed_title is not None and listed_title.intake.campaign_id != application.campaign_id:
        raise DossierError(_("This title belongs to another session."), "title")
    with transaction.atomic():
        locked = _lock(application)
        before = _snapshot(locked, CORRECTED_TITLE_FIELDS)
        locked.title_choice, locked.listed_title = title_choice, listed_title
        locked.save(update_fields=[*CORRECTED_TITLE_FIELDS, "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.APPLICATION_TITLE_CORRECT,
            obj=locked,
            before=before,
            after=_snapshot(locked, CORRECTED_TITLE_FIELDS),
            reason=reason,
        )
        undecided = (WishState.DRAFT, WishState.SUBMITTED, WishState.UNDER_REVIEW)
        _wishes_eligibility_refresh(application=locked, actor=actor, states=undecided, reason=reason)
        if locked.is_submitted:
            _change_record(
                application=locked,
                kind=DossierChangeKind.TITLE_CORRECTED,
                subject=str(listed_title or locked.get_title_choice_display()),
                actor=actor,
                now=now,
                by_staff=True,
                reason=reason,
            )
    application.title_choice, application.listed_title = title_choice, listed_title
    return application


def document_refile(*, document, document_type, actor, reason, now=None) -> Document:
    """The admissions office files a document under the type it really is, with a reason.
    A current document of that type already there is kept in the history ("replaced")."""
    _require_reason(reason)
    with transaction.atomic():
        locked = _lock(document.application)
        document = Document.objects.select_for_update().select_related("document_type").get(pk=document.pk)
        if document.state != DocumentState.CURRENT:
            raise DossierError(_("Only a current document can be filed under another type."), "state")
        if document_type.campaign_id != locked.campaign_id or document_type.pk == document.document_type_id:
            raise DossierError(_("Choose another document type of this session."), "type")
        previous = document.document_type
        displaced = list(
            Document.objects.select_for_update().filter(
                application=locked, document_type=document_type, state=DocumentState.CURRENT
            )
        )
        for old in displaced:
            old.state, old.state_changed_at = DocumentState.REPLACED, timezone.now()
            old.save(update_fields=["state", "state_changed_at"])
        document.document_type = document_type
        document.save(update_fields=["document_type"])
        audit_record(
            actor=actor,
            action=AuditAction.DOCUMENT_REFILE,
            obj=document,
            before={"type": previous.code},
            after={"type": document_type.code, "replaced": [old.pk for old in displaced]},
            reason=reason,
        )
        if locked.is_submitted:
            _change_record(
                application=locked,
                kind=DossierChangeKind.DOCUMENT_REFILED,
                subject=f"{document.original_name}: {previous.name} → {document_type.name}",
                actor=actor,
                now=now,
                by_staff=True,
                reason=reason,
            )
    return document
