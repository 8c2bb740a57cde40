"""The one way services write to the audit log.

An action is a member of its app's `AuditAction` (`enums.py`), never a free string: the
deliberation minutes and the histories select entries by these values, so a misspelt
string would write an entry that no reader ever finds, and nothing would fail. Refused
here with a TypeError, the mistake shows in the first test that reaches the call."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def _checked(action: models.TextChoices) -> str:
    if not isinstance(action, models.TextChoices):
        raise TypeError(f"Audit action {action!r} is not a member of an app's AuditAction (enums.py).")
    return action.value


def audit_record(*, actor, action: models.TextChoices, obj=None, before=None, after=None, reason: str = ""):
    """Append one entry. `actor` may be None for the system (milestones, callbacks)."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "email", "") or str(actor)) if actor else "system",
        action=_checked(action),
        before=before or {},
        after=after or {},
        reason=reason,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry


def audit_record_many(*, actor, action: models.TextChoices, changes, reason: str = "") -> list[AuditEntry]:
    """Append one entry per (obj, before, after) in `changes`, in one INSERT: for bulk
    state changes (thousands of decisions released at once)."""
    changes = list(changes)
    if not changes:
        return []
    action = _checked(action)
    content_type = ContentType.objects.get_for_model(changes[0][0])
    label = (getattr(actor, "email", "") or str(actor)) if actor else "system"
    return AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor if getattr(actor, "pk", None) else None,
                actor_label=label,
                action=action,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                before=before or {},
                after=after or {},
                reason=reason,
            )
            for obj, before, after in changes
        ]
    )


def audit_expired(*, before) -> models.QuerySet:
    """The entries older than `before`: what the retention rule of the audit log removes."""
    return AuditEntry.objects.filter(created_at__lt=before)


def audit_expire(*, before, keep: models.Q | None = None) -> int:
    """The one deletion the append-only log admits: entries past their retention period
    (privacy's nightly purge, its own rule), but those `keep` selects (a held dossier's).
    Returns how many rows went."""
    expired = audit_expired(before=before)
    if keep is not None:
        expired = expired.exclude(keep)
    return expired._raw_delete(expired.db)
