"""What every dossier service shares: the error shown to the user, the row lock, the
editable check, the audited field update, the dated change of a submitted dossier and mail
queued on commit."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import PortalError
from notifications.services import email_queue

from .. import tasks  # the module, not its names: tasks imports services back
from ..eligibility import wish_eligibility
from ..enums import AuditAction
from ..models import Application, DossierChange, Wish


class DossierError(PortalError):
    """A refusal about a dossier, shown to the user as is (already translated)."""


class DossierIncomplete(DossierError):
    def __init__(self, completeness):
        self.completeness = completeness
        super().__init__(_("Your dossier is not complete yet."), "incomplete")


class RefereeAlreadyAnswered(DossierError):
    pass


# --- helpers ------------------------------------------------------------------------------


def _mail(*, template_key, recipient, context, related=None, occasion="", attachments=(), language=None):
    return email_queue(
        template_key=template_key,
        recipient=recipient,
        context=context,
        language=language or getattr(recipient, "preferred_language", None),
        related=related,
        occasion=occasion,
        attachments=attachments,
    )


def _wish_names(wishes, *, recipient) -> list[str]:
    """The wishes as an e-mail writes them, in its recipient's language: each program by its
    name with the entry level ("Bâtiment – 1re année"), never its code."""
    with translation.override(getattr(recipient, "preferred_language", None) or "fr"):
        return [f"{wish.intake.program.name} – {wish.intake.get_level_display()}" for wish in wishes]


def _ensure_editable(application, *, now=None, submitted_ok=False):
    """Refuse a change after the deadline, and after submission unless `submitted_ok`: a
    submitted dossier's wishes and documents may change until the deadline (R-DOSSIER-1),
    its identity, path, title, referees and consents no longer."""
    if application.is_submitted and not submitted_ok:
        raise DossierError(_("Your dossier has been submitted: it can no longer be changed."), "submitted")
    if not application.campaign.is_open_for_submission(now):
        raise DossierError(
            _("Submissions are closed: the deadline was %(date)s at midnight (Paris time).")
            % {"date": date_format(application.campaign.submission_deadline, "SHORT_DATE_FORMAT")},
            "closed",
        )


def _lock(application) -> Application:
    # The application row only (`of`): locking the joined campaign too would make every
    # candidate's dossier write wait for the others on deadline night.
    return (
        Application.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=application.pk)
    )


def _snapshot(obj, fields):
    values = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = getattr(value, "pk", value)
    return values


def _update_fields(*, application, actor, fields: dict, action: str, now=None) -> Application:
    with transaction.atomic():
        locked = _lock(application)
        _ensure_editable(locked, now=now)
        before = _snapshot(locked, fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        audit_record(actor=actor, action=action, obj=locked, before=before, after=_snapshot(locked, fields))
    for name in fields:
        setattr(application, name, getattr(locked, name))
    return application


def _change_record(*, application, kind, subject, actor, now=None, by_staff=False, reason="", notify=True):
    """Date a change of a submitted dossier (R-DOSSIER-1) and, once committed, acknowledge it
    by e-mail with the updated receipt (`notify`; a withdrawal has its own e-mail)."""
    change = DossierChange.objects.create(
        application=application,
        kind=kind,
        subject=str(subject)[:255],
        at=now or timezone.now(),
        by_staff=by_staff,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )
    if notify:
        transaction.on_commit(lambda: tasks.dossier_change_acknowledge.delay(change.pk), robust=True)
    return change


def _wishes_eligibility_refresh(*, application, actor, states, reason=""):
    """Re-evaluate the eligibility of the application's wishes in `states` after its title
    changed; each change is audited. Runs inside the caller's transaction."""
    for wish in Wish.objects.filter(application=application, state__in=states).select_related("intake"):
        result = wish_eligibility(application, wish.intake)
        if wish.eligibility != result.eligibility:
            audit_record(
                actor=actor,
                action=AuditAction.WISH_ELIGIBILITY,
                obj=wish,
                before={"eligibility": wish.eligibility},
                after={"eligibility": result.eligibility},
                reason=reason,
            )
            wish.eligibility = result.eligibility
            wish.save(update_fields=["eligibility"])
