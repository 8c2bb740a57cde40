"""Documents: upload (validated, stored privately) and removal."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.files import validate_upload

from ..enums import AuditAction, DocumentState, DossierChangeKind
from ..models import Document
from ..selectors import document_request
from .common import DossierError, _change_record, _ensure_editable, _lock

# --- documents ------------------------------------------------------------------------------


def document_upload(*, application, document_type, uploaded_file, actor, now=None) -> Document:
    """Store a supporting document privately (core.files checks it), replacing the current one
    of the same type (the old one stays in the history, "replaced"). A submitted dossier's
    documents may be added or replaced until the deadline, each change dated and acknowledged
    (R-DOSSIER-1); after it, only the late diploma proof and transcripts of a candidate whose
    diploma was in progress are accepted (R-DOSSIER-4)."""
    checked = validate_upload(uploaded_file)
    with transaction.atomic():
        locked = _lock(application)
        item = document_request(locked, document_type)
        if item is None:
            raise DossierError(_("This document is not asked of you."), "not_asked")
        open_now = locked.campaign.is_open_for_submission(now)
        late = locked.is_submitted and not open_now
        if late:
            if not item.late_allowed:
                raise DossierError(
                    _("Your dossier has been submitted: it can no longer be changed."), "submitted"
                )
        else:
            _ensure_editable(locked, now=now, submitted_ok=True)
        previous = list(
            Document.objects.select_for_update().filter(
                application=locked, document_type=document_type, state=DocumentState.CURRENT
            )
        )
        for old in previous:
            old.state, old.state_changed_at = DocumentState.REPLACED, timezone.now()
            old.save(update_fields=["state", "state_changed_at"])
        document = Document(
            application=locked,
            document_type=document_type,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            late=late,
        )
        document.file.save(f"upload{checked.extension}", checked.file, save=False)
        document.save()
        audit_record(
            actor=actor,
            action=AuditAction.DOCUMENT_REPLACE if previous else AuditAction.DOCUMENT_UPLOAD,
            obj=document,
            before={"document": previous[0].pk} if previous else {},
            after={
                "type": document_type.code,
                "name": checked.original_name,
                "size": checked.size,
                "late": late,
            },
        )
        if locked.is_submitted:
            _change_record(
                application=locked,
                kind=DossierChangeKind.DOCUMENT_REPLACED if previous else DossierChangeKind.DOCUMENT_ADDED,
                subject=f"{document_type.name} ({checked.original_name})",
                actor=actor,
                now=now,
            )
    return document


def document_remove(*, document, actor, now=None):
    with transaction.atomic():
        locked = _lock(document.application)
        _ensure_editable(locked, now=now)
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state != DocumentState.CURRENT:
            return document
        document.state, document.state_changed_at = DocumentState.REMOVED, timezone.now()
        document.save(update_fields=["state", "state_changed_at"])
        audit_record(
            actor=actor, action=AuditAction.DOCUMENT_REMOVE, obj=document, before={"state": "current"}
        )
    return document
