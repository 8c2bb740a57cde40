"""Every write of the dossier: keyword-only arguments, one transaction, an audit entry, mail
queued on commit. Wish states change only through `candidates.workflow.wish_transition`.

One module per subdomain; this package re-exports them so that callers write
`services.wish_add(...)` whatever module holds it."""

from .common import DossierError, DossierIncomplete, RefereeAlreadyAnswered
from .documents import document_remove, document_upload
from .dossier import (
    IDENTITY_FIELDS,
    PATH_FIELDS,
    TITLE_FIELDS,
    application_consents_update,
    application_get_or_create,
    application_identity_update,
    application_path_update,
    application_scholarship_declare,
    application_title_update,
    application_withdraw,
    wish_add,
    wish_remove,
    wish_submit,
    wish_withdraw,
)
from .referees import (
    REFEREE_SALT,
    referee_answer,
    referee_link,
    referee_link_days,
    referee_remind,
    referee_reminder_hours,
    referee_request,
    referee_signed_token,
    referee_unsign,
)
from .staff import (
    application_refuse_examination,
    application_title_correct,
    application_void,
    document_refile,
    scholarship_proof_accept,
    scholarship_proof_refuse,
)
from .submission import (
    ACKNOWLEDGMENT_LOST_AFTER,
    acknowledgments_sweep,
    application_acknowledgment_send,
    application_receipt_pdf,
    application_reference,
    application_submit,
    dossier_change_acknowledgment_send,
)

__all__ = [
    "ACKNOWLEDGMENT_LOST_AFTER",
    "IDENTITY_FIELDS",
    "PATH_FIELDS",
    "REFEREE_SALT",
    "TITLE_FIELDS",
    "DossierError",
    "DossierIncomplete",
    "RefereeAlreadyAnswered",
    "acknowledgments_sweep",
    "application_acknowledgment_send",
    "application_consents_update",
    "application_get_or_create",
    "application_identity_update",
    "application_path_update",
    "application_receipt_pdf",
    "application_reference",
    "application_refuse_examination",
    "application_scholarship_declare",
    "application_submit",
    "application_title_correct",
    "application_title_update",
    "application_void",
    "application_withdraw",
    "document_refile",
    "document_remove",
    "document_upload",
    "dossier_change_acknowledgment_send",
    "referee_answer",
    "referee_link",
    "referee_link_days",
    "referee_remind",
    "referee_reminder_hours",
    "referee_request",
    "referee_signed_token",
    "referee_unsign",
    "scholarship_proof_accept",
    "scholarship_proof_refuse",
    "wish_add",
    "wish_remove",
    "wish_submit",
    "wish_withdraw",
]
