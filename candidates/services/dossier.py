"""The candidate's own writes: identity, path, title, scholarship, consents and wishes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from admissions.models import Intake
from core.audit import audit_record

from ..eligibility import wish_eligibility
from ..enums import OPEN_STATES, AuditAction, DossierChangeKind, ScholarshipStatus, WishState
from ..models import Application, Wish
from ..workflow import wish_transition
from .common import (
    DossierError,
    _change_record,
    _ensure_editable,
    _lock,
    _mail,
    _update_fields,
    _wish_names,
    _wishes_eligibility_refresh,
)

# --- the dossier ------------------------------------------------------------------------------

IDENTITY_FIELDS = ("birth_date", "phone", "address", "nationality")
PATH_FIELDS = ("bac_series", "bac_year", "path_since_bac")
TITLE_FIELDS = (
    "title_choice",
    "listed_title",
    "title_name",
    "title_description",
    "title_establishment",
    "ects",
    "title_in_progress",
)


def application_get_or_create(*, candidate, campaign) -> Application:
    application, created = Application.objects.get_or_create(candidate=candidate, campaign=campaign)
    if created:
        audit_record(actor=candidate, action=AuditAction.APPLICATION_CREATE, obj=application)
    return application


def application_identity_update(*, application, actor, first_name, last_name, now=None, **fields):
    unknown = set(fields) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    with transaction.atomic():
        _update_fields(
            application=application,
            actor=actor,
            fields=fields,
            action=AuditAction.APPLICATION_IDENTITY,
            now=now,
        )
        user = application.candidate
        if (user.first_name, user.last_name) != (first_name, last_name):
            user.first_name, user.last_name = first_name, last_name
            user.save(update_fields=["first_name", "last_name"])
    return application


def application_path_update(*, application, actor, now=None, **fields):
    if set(fields) - set(PATH_FIELDS):
        raise TypeError("unknown fields")
    return _update_fields(
        application=application, actor=actor, fields=fields, action=AuditAction.APPLICATION_PATH, now=now
    )


def application_title_update(*, application, actor, now=None, **fields):
    """Save the declared title, then re-evaluate the eligibility of the draft wishes: a wish
    that is no longer eligible is flagged and blocks submission until removed."""
    if set(fields) - set(TITLE_FIELDS):
        raise TypeError("unknown fields")
    with transaction.atomic():
        _update_fields(
            application=application, actor=actor, fields=fields, action=AuditAction.APPLICATION_TITLE, now=now
        )
        _wishes_eligibility_refresh(application=application, actor=actor, states=(WishState.DRAFT,))
    return application


def application_scholarship_declare(*, application, actor, declared: bool, now=None):
    """A declared scholarship holder pays the reduced fee (R-FEES-1) and must attach the proof
    (the scholarship document type becomes required)."""
    status = ScholarshipStatus.DECLARED if declared else ScholarshipStatus.NONE
    return _update_fields(
        application=application,
        actor=actor,
        fields={"scholarship_status": status},
        action=AuditAction.APPLICATION_SCHOLARSHIP,
        now=now,
    )


def application_consents_update(*, application, actor, share: bool, recording: bool, now=None):
    """Explicit, timestamped consents (R-TEST-6); both are needed to submit."""
    now = now or timezone.now()
    fields = {
        "consent_share_at": (application.consent_share_at or now) if share else None,
        "consent_recording_at": (application.consent_recording_at or now) if recording else None,
    }
    return _update_fields(
        application=application, actor=actor, fields=fields, action=AuditAction.APPLICATION_CONSENTS, now=now
    )


# --- wishes ---------------------------------------------------------------------------------


def wish_add(*, application, intake, actor, now=None) -> Wish:
    """Add a wish for an intake open to candidates (R-DOSSIER-1), with its eligibility
    (R-ELIG-1..4). A candidate below the ECTS minimum gets a clear refusal: no wish.
    Until the deadline a submitted dossier takes a wish too: a draft, filed by
    `application_submit` once its documents are attached and the fee difference paid."""
    with transaction.atomic():
        locked = _lock(application)
        _ensure_editable(locked, now=now, submitted_ok=True)
        if not Intake.objects.open_to_candidates().filter(pk=intake.pk, campaign=locked.campaign_id).exists():
            raise DossierError(_("This program is not open to candidates in this session."), "closed_intake")
        if Wish.objects.filter(application=locked, intake=intake).exists():
            raise DossierError(_("You have already chosen this program."), "duplicate")
        result = wish_eligibility(application, intake)
        if not result.is_eligible:
            raise DossierError(result.reason, "ineligible")
        wish = Wish.objects.create(application=locked, intake=intake, eligibility=result.eligibility)
        audit_record(
            actor=actor, action=AuditAction.WISH_ADD, obj=wish, after={"eligibility": result.eligibility}
        )
    return wish


def wish_remove(*, wish, actor, now=None):
    """A draft wish (never filed) is simply taken out of the dossier. Until the deadline a
    filed wish of a submitted dossier is withdrawn (R-DOSSIER-1): the change is dated and
    acknowledged with the updated receipt; the fees paid are kept (R-FEES-3)."""
    with transaction.atomic():
        locked = _lock(wish.application)
        _ensure_editable(locked, now=now, submitted_ok=True)
        wish = Wish.objects.select_for_update().select_related("intake__program").get(pk=wish.pk)
        if wish.state == WishState.SUBMITTED:
            wish_transition(
                wish=wish, target=WishState.WITHDRAWN, actor=actor, action=AuditAction.WISH_WITHDRAW
            )
            _change_record(
                application=locked,
                kind=DossierChangeKind.WISH_WITHDRAWN,
                subject=_wish_names([wish], recipient=locked.candidate)[0],
                actor=actor,
                now=now,
            )
            return
        if wish.state != WishState.DRAFT:
            raise DossierError(_("This choice can no longer be removed."), "not_draft")
        audit_record(
            actor=actor, action=AuditAction.WISH_REMOVE, obj=wish, before={"intake": str(wish.intake)}
        )
        wish.delete()


def wish_submit(*, wish, actor) -> Wish:
    return wish_transition(wish=wish, target=WishState.SUBMITTED, actor=actor, action=AuditAction.WISH_SUBMIT)


def wish_withdraw(*, wish, actor, reason="") -> Wish:
    """The candidate withdraws one wish. Fees already paid are kept (R-FEES-3)."""
    with transaction.atomic():
        wish = wish_transition(
            wish=wish,
            target=WishState.WITHDRAWN,
            actor=actor,
            reason=reason,
            action=AuditAction.WISH_WITHDRAW,
        )
        application = wish.application
        _change_record(
            application=application,
            kind=DossierChangeKind.WISH_WITHDRAWN,
            subject=_wish_names([wish], recipient=application.candidate)[0],
            actor=actor,
            notify=False,
        )
        transaction.on_commit(
            lambda: _mail(
                template_key="dossier.withdrawn",
                recipient=application.candidate,
                context={
                    "programs": _wish_names([wish], recipient=application.candidate)[0],
                    "reference": application.reference or "",
                },
                related=wish,
                occasion="withdrawn",
            )
        )
    return wish


def application_withdraw(*, application, actor, reason="") -> int:
    """Withdraw every open wish of the dossier. Fees already paid are kept (R-FEES-3)."""
    count = 0
    with transaction.atomic():
        locked = _lock(application)
        wishes = list(
            Wish.objects.filter(application=locked, state__in=OPEN_STATES).select_related("intake__program")
        )
        for wish in wishes:
            wish_transition(
                wish=wish,
                target=WishState.WITHDRAWN,
                actor=actor,
                reason=reason,
                action=AuditAction.WISH_WITHDRAW,
            )
            count += 1
            _change_record(
                application=locked,
                kind=DossierChangeKind.WISH_WITHDRAWN,
                subject=_wish_names([wish], recipient=locked.candidate)[0],
                actor=actor,
                notify=False,
            )
        audit_record(
            actor=actor,
            action=AuditAction.APPLICATION_WITHDRAW,
            obj=locked,
            reason=reason,
            after={"wishes": count},
        )
        if count:
            programs = ", ".join(_wish_names(wishes, recipient=locked.candidate))
            transaction.on_commit(
                lambda: _mail(
                    template_key="dossier.withdrawn",
                    recipient=locked.candidate,
                    context={"programs": programs, "reference": locked.reference or ""},
                    related=locked,
                    occasion="withdrawn-all",
                )
            )
    return count
