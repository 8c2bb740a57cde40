"""Staff actions on a dossier, each with a reason: refusal of examination, voiding, the
scholarship proof."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.formatting import Money

from ..enums import OPEN_STATES, AuditAction, ScholarshipStatus, WishState
from ..fees import amount_owed
from ..models import Application, Wish
from ..workflow import wishes_transition
from .common import DossierError, _absolute, _lock, _mail

# --- staff ----------------------------------------------------------------------------------------


def _require_reason(reason):
    if not (reason or "").strip():
        raise DossierError(_("A reason is required."), "reason")


def application_refuse_examination(*, application, actor, reason) -> int:
    """R-DOSSIER-2: a submitted dossier without the indispensable documents is refused
    examination; the candidate is told by e-mail with the reason."""
    _require_reason(reason)
    with transaction.atomic():
        locked = _lock(application)
        wishes = list(
            Wish.objects.filter(application=locked, state=WishState.SUBMITTED).select_related(
                "intake__program"
            )
        )
        if not wishes:
            raise DossierError(
                _("Only a submitted dossier whose choices await examination can be refused."), "state"
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
    """R-DOSSIER-5: a false declaration voids the application and rejects it."""
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
                    "pay_link": _absolute(reverse("payments:pay", args=[fresh.campaign.year])),
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
