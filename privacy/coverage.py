"""How the complete data download covers each model that exists today (registered in
PrivacyConfig.ready(); apps built later register their own models in their ready()).
tests/privacy/test_export.py fails when a model with a path to the User or the Application
is in neither list."""

from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from candidates.models import Application, Document, DossierChange, Referee, Wish
from candidates.selectors import released_state
from core.models import AuditEntry
from core.retention import register_personal_data
from jury.enums import DecisionStatus
from jury.models import Decision
from notifications.models import OutboxMessage
from payments.models import Payment

# Audit actions whose entries a candidate does not receive: the jury's working steps before
# a decision is released (the released state is in the choices' section).
_HIDDEN_ACTION_PREFIX = "jury."
_SHOWN_JURY_ACTIONS = {"jury.decision_released", "jury.decisions_released", "jury.override_applied"}
# Confidential content (R-DOSSIER-6): the entry is listed, not its before/after.
_REDACTED_ACTIONS = {"referee.answer"}


def _wishes(user):
    now = timezone.now()
    wishes = Wish.objects.filter(application__candidate=user).select_related(
        "application__campaign", "intake__program"
    )
    return [
        {
            "id": wish.pk,
            "application_id": wish.application_id,
            "program": wish.intake.program.code,
            "level": wish.intake.level,
            "state": released_state(wish, wish.application.campaign, now),
            "eligibility": wish.eligibility,
            "created_at": wish.created_at,
        }
        for wish in wishes.order_by("pk")
    ]


def _decisions(user):
    # Released, and not overridden by an admin for a date still to come (R-JURY-5): the row
    # already holds the new kind, which the candidate may not see yet.
    decisions = Decision.objects.filter(
        wish__application__candidate=user, status=DecisionStatus.RELEASED, override_applies_at__isnull=True
    )
    return [
        {"wish_id": d.wish_id, "decision": d.kind, "tests": d.tests, "released_at": d.released_at}
        for d in decisions.order_by("pk")
    ]


def _emails(user):
    messages = (
        OutboxMessage.objects.filter(Q(user=user) | Q(recipient_email__iexact=user.email))
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": m.pk,
            "to": m.recipient_email,
            "subject": m.subject,
            "body": m.body_text,
            "template": m.template_key,
            "queued_at": m.created_at,
            "sent_at": m.sent_at,
            "state": m.state,
            "attachments": [a.filename for a in m.attachments.all()],
        }
        for m in messages
    ]


def _audit(user):
    """Entries by the candidate, and about their account, dossiers, choices, documents,
    referee requests and payments."""
    types = ContentType.objects.get_for_models(
        User, Application, Wish, Document, Referee, Payment, DossierChange
    )
    ids = {
        User: [user.pk],
        Application: Application.objects.filter(candidate=user).values_list("pk", flat=True),
        Wish: Wish.objects.filter(application__candidate=user).values_list("pk", flat=True),
        Document: Document.objects.filter(application__candidate=user).values_list("pk", flat=True),
        Referee: Referee.objects.filter(application__candidate=user).values_list("pk", flat=True),
        Payment: Payment.objects.filter(application__candidate=user).values_list("pk", flat=True),
        DossierChange: DossierChange.objects.filter(application__candidate=user).values_list("pk", flat=True),
    }
    about = Q(actor=user)
    for model, pks in ids.items():
        about |= Q(content_type=types[model], object_id__in=[str(pk) for pk in pks])
    entries = AuditEntry.objects.filter(about).order_by("created_at", "pk")
    rows = []
    for entry in entries:
        if entry.action.startswith(_HIDDEN_ACTION_PREFIX) and entry.action not in _SHOWN_JURY_ACTIONS:
            continue
        redacted = entry.action in _REDACTED_ACTIONS
        rows.append(
            {
                "at": entry.created_at,
                "by": entry.actor_label,
                "action": entry.action,
                "object": entry.object_repr,
                "before": {} if redacted else entry.before,
                "after": {} if redacted else entry.after,
                "reason": entry.reason,
            }
        )
    return rows


def _logins(model):
    def export(user):
        rows = model.objects.filter(username__iexact=user.email).order_by("pk")
        fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "username")]
        return [{name: getattr(row, name) for name in fields} for row in rows]

    return export


def _authenticators(user):
    # The type and dates only: the secrets are not the candidate's to carry around.
    return [
        {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
        for a in Authenticator.objects.filter(user=user).order_by("pk")
    ]


STAFF_ONLY = _("Links a staff member (who recorded or decided), not a candidate.")
JURY_WORK = _("The jury's working notes and organisation; the released decision is exported.")


def register_coverage() -> None:
    register_personal_data("accounts.User", exclude_fields=("password",))
    register_personal_data("candidates.Application", owner="candidate")
    register_personal_data("candidates.Wish", export=_wishes)
    register_personal_data("candidates.Document", owner="application__candidate", files=("file",))
    register_personal_data("candidates.DossierChange", owner="application__candidate")
    register_personal_data(
        "candidates.Referee", owner="application__candidate", exclude_fields=("answers", "token")
    )
    register_personal_data(
        "payments.Payment", owner="application__candidate", exclude_fields=("idempotency_key",)
    )
    register_personal_data("payments.ProviderEvent", owner="payment__application__candidate")
    register_personal_data("jury.Decision", export=_decisions)
    register_personal_data("notifications.OutboxMessage", export=_emails)
    register_personal_data(
        "notifications.OutboxAttachment",
        excluded=_("Listed by name with its e-mail (PDF letters sent to the candidate)."),
    )
    register_personal_data("core.AuditEntry", export=_audit)
    register_personal_data("account.EmailAddress", owner="user")
    register_personal_data(
        "account.EmailConfirmation", excluded=_("A one-time confirmation key, expired once used.")
    )
    register_personal_data("mfa.Authenticator", export=_authenticators)
    register_personal_data("axes.AccessLog", export=_logins(AccessLog))
    register_personal_data("axes.AccessAttempt", export=_logins(AccessAttempt))
    register_personal_data("axes.AccessFailureLog", export=_logins(AccessFailureLog))
    register_personal_data("privacy.Hold", owner="application__candidate")
    register_personal_data("privacy.DataExport", excluded=_("The downloads themselves."))
    register_personal_data("privacy.PurgeRun", excluded=STAFF_ONLY)
    register_personal_data("admin.LogEntry", excluded=STAFF_ONLY)
    register_personal_data("admissions.ExtraPlaces", excluded=STAFF_ONLY)
    for model in (
        "EligibilityRuling",
        "ConflictOfInterest",
        "Assignment",
        "Review",
        "ReviewScore",
        "WishScore",
    ):
        register_personal_data(f"jury.{model}", excluded=JURY_WORK)
