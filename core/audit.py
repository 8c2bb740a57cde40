"""The one way services write to the audit log."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def audit_record(*, actor, action: str, obj=None, before=None, after=None, reason: str = ""):
    """Append one entry. `actor` may be None for the system (milestones, callbacks)."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "email", "") or str(actor)) if actor else "system",
        action=action,
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


def audit_record_many(*, actor, action: str, changes, reason: str = "") -> list[AuditEntry]:
    """Append one entry per (obj, before, after) in `changes`, in one INSERT: for bulk
    state changes (thousands of decisions released at once)."""
    changes = list(changes)
    if not changes:
        return []
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
