"""Every write of the dossier: keyword-only arguments, one transaction, an audit entry, mail
queued on commit. Wish states change only through `candidates.workflow.wish_transition`."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.files import validate_upload

from .eligibility import wish_eligibility
from .enums import OPEN_STATES, DocumentState, RefereeStatus, ScholarshipStatus, WishState
from .models import Application, Document, Referee, Wish
from .workflow import wish_transition, wishes_transition

REFEREE_SALT = "candidates.referee"


class DossierError(Exception):
    """A refusal to show the user as is (already translated)."""

    def __init__(self, message, code=""):
        super().__init__(str(message))
        self.message, self.code = str(message), code


class DossierIncomplete(DossierError):
    def __init__(self, completeness):
        self.completeness = completeness
        super().__init__(_("Your dossier is not complete yet."), "incomplete")


class RefereeAlreadyAnswered(DossierError):
    pass


# --- helpers ------------------------------------------------------------------------------


def _mail(*, template_key, recipient, context, related=None, occasion="", attachments=(), language=None):
    from notifications.services import email_queue

    return email_queue(
        template_key=template_key,
        recipient=recipient,
        context=context,
        language=language or getattr(recipient, "preferred_language", None),
        related=related,
        occasion=occasion,
        attachments=attachments,
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _ensure_editable(application, *, now=None):
    if application.is_submitted:
        raise DossierError(_("Your dossier has been submitted: it can no longer be changed."), "submitted")
    if not application.campaign.is_open_for_submission(now):
        raise DossierError(
            _("Submissions are closed: the deadline was %(date)s at midnight (Paris time).")
            % {"date": application.campaign.submission_deadline.strftime("%d/%m/%Y")},
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
        audit_record(actor=candidate, action="application.create", obj=application)
    return application


def application_identity_update(*, application, actor, first_name, last_name, now=None, **fields):
    unknown = set(fields) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    with transaction.atomic():
        _update_fields(
            application=application, actor=actor, fields=fields, action="application.identity", now=now
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
        application=application, actor=actor, fields=fields, action="application.path", now=now
    )


def application_title_update(*, application, actor, now=None, **fields):
    """Save the declared title, then re-evaluate the eligibility of the draft wishes: a wish
    that is no longer eligible is flagged and blocks submission until removed."""
    if set(fields) - set(TITLE_FIELDS):
        raise TypeError("unknown fields")
    with transaction.atomic():
        _update_fields(
            application=application, actor=actor, fields=fields, action="application.title", now=now
        )
        for wish in Wish.objects.filter(application=application, state=WishState.DRAFT).select_related(
            "intake"
        ):
            result = wish_eligibility(application, wish.intake)
            if wish.eligibility != result.eligibility:
                audit_record(
                    actor=actor,
                    action="wish.eligibility",
                    obj=wish,
                    before={"eligibility": wish.eligibility},
                    after={"eligibility": result.eligibility},
                )
                wish.eligibility = result.eligibility
                wish.save(update_fields=["eligibility"])
    return application


def application_scholarship_declare(*, application, actor, declared: bool, now=None):
    """A declared scholarship holder pays the reduced fee (R-FEES-1) and must attach the proof
    (the scholarship document type becomes required)."""
    status = ScholarshipStatus.DECLARED if declared else ScholarshipStatus.NONE
    return _update_fields(
        application=application,
        actor=actor,
        fields={"scholarship_status": status},
        action="application.scholarship",
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
        application=application, actor=actor, fields=fields, action="application.consents", now=now
    )


# --- wishes ---------------------------------------------------------------------------------


def wish_add(*, application, intake, actor, now=None) -> Wish:
    """Add a wish for an intake open to candidates (R-DOSSIER-1), with its eligibility
    (R-ELIG-1..4). A candidate below the ECTS minimum gets a clear refusal: no wish."""
    from admissions.models import Intake

    with transaction.atomic():
        locked = _lock(application)
        _ensure_editable(locked, now=now)
        if not Intake.objects.open_to_candidates().filter(pk=intake.pk, campaign=locked.campaign_id).exists():
            raise DossierError(_("This program is not open to candidates in this session."), "closed_intake")
        if Wish.objects.filter(application=locked, intake=intake).exists():
            raise DossierError(_("You have already chosen this program."), "duplicate")
        result = wish_eligibility(application, intake)
        if not result.is_eligible:
            raise DossierError(result.reason, "ineligible")
        wish = Wish.objects.create(application=locked, intake=intake, eligibility=result.eligibility)
        audit_record(actor=actor, action="wish.add", obj=wish, after={"eligibility": result.eligibility})
    return wish


def wish_remove(*, wish, actor, now=None):
    """Before submission a wish is simply taken out of the dossier (it never left draft)."""
    with transaction.atomic():
        locked = _lock(wish.application)
        _ensure_editable(locked, now=now)
        wish = Wish.objects.select_for_update().get(pk=wish.pk)
        if wish.state != WishState.DRAFT:
            raise DossierError(_("This wish can no longer be removed."), "not_draft")
        audit_record(actor=actor, action="wish.remove", obj=wish, before={"intake": str(wish.intake)})
        wish.delete()


def wish_submit(*, wish, actor) -> Wish:
    return wish_transition(wish=wish, target=WishState.SUBMITTED, actor=actor, action="wish.submit")


def wish_withdraw(*, wish, actor, reason="") -> Wish:
    """The candidate withdraws one wish. Fees already paid are kept (R-FEES-3)."""
    with transaction.atomic():
        wish = wish_transition(
            wish=wish, target=WishState.WITHDRAWN, actor=actor, reason=reason, action="wish.withdraw"
        )
        application = wish.application
        transaction.on_commit(
            lambda: _mail(
                template_key="dossier.withdrawn",
                recipient=application.candidate,
                context={"programs": str(wish.intake), "reference": application.reference or ""},
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
                wish=wish, target=WishState.WITHDRAWN, actor=actor, reason=reason, action="wish.withdraw"
            )
            count += 1
        audit_record(
            actor=actor, action="application.withdraw", obj=locked, reason=reason, after={"wishes": count}
        )
        if count:
            programs = ", ".join(str(w.intake) for w in wishes)
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


# --- documents ------------------------------------------------------------------------------


def document_upload(*, application, document_type, uploaded_file, actor, now=None) -> Document:
    """Store a supporting document privately (core.files checks it), replacing the current one
    of the same type. After submission only the late diploma proof and transcripts of a
    candidate whose diploma was in progress are accepted (R-DOSSIER-4)."""
    from .selectors import application_queryset, document_checklist

    checked = validate_upload(uploaded_file)
    with transaction.atomic():
        locked = _lock(application)
        fresh = application_queryset().get(pk=locked.pk)
        item = next((i for i in document_checklist(fresh) if i.document_type.pk == document_type.pk), None)
        if item is None:
            raise DossierError(_("This document is not asked of you."), "not_asked")
        late = locked.is_submitted
        if late:
            if not item.late_allowed:
                raise DossierError(
                    _("Your dossier has been submitted: it can no longer be changed."), "submitted"
                )
        else:
            _ensure_editable(locked, now=now)
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
        document.file.save(f"upload{checked.extension}", uploaded_file, save=False)
        document.save()
        audit_record(
            actor=actor,
            action="document.replace" if previous else "document.upload",
            obj=document,
            before={"document": previous[0].pk} if previous else {},
            after={
                "type": document_type.code,
                "name": checked.original_name,
                "size": checked.size,
                "late": late,
            },
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
        audit_record(actor=actor, action="document.remove", obj=document, before={"state": "current"})
    return document


# --- referees ---------------------------------------------------------------------------------


def referee_link_days() -> int:
    return int(getattr(settings, "PORTAL_REFEREE_LINK_DAYS", 30))


def referee_reminder_hours() -> int:
    return int(getattr(settings, "PORTAL_REFEREE_REMINDER_HOURS", 24))


def referee_signed_token(referee) -> str:
    return signing.TimestampSigner(salt=REFEREE_SALT).sign(referee.token)


def referee_unsign(value: str) -> str:
    """The referee token, or signing.SignatureExpired / signing.BadSignature."""
    return signing.TimestampSigner(salt=REFEREE_SALT).unsign(
        value, max_age=dt.timedelta(days=referee_link_days())
    )


def referee_link(referee) -> str:
    return _absolute(reverse("candidates:referee_form", kwargs={"token": referee_signed_token(referee)}))


def _referee_mail(referee, occasion):
    application = referee.application
    candidate = application.candidate
    _mail(
        template_key="referee.request",
        recipient=referee.email,
        context={
            "referee_name": referee.name,
            "candidate_name": candidate.get_full_name() or candidate.email,
            "link": referee_link(referee),
            "days": referee_link_days(),
            "session": application.campaign.name,
        },
        language=candidate.preferred_language,
        related=referee,
        occasion=occasion,
    )


def referee_request(
    *, application, actor, kind, name, email, position="", establishment="", now=None
) -> Referee:
    """Name a referee (R-DOSSIER-6); they receive a private, expiring link to a confidential form."""
    with transaction.atomic():
        locked = _lock(application)
        _ensure_editable(locked, now=now)
        if Referee.objects.filter(application=locked, kind=kind).exists():
            raise DossierError(_("You have already named this referee."), "duplicate")
        referee = Referee.objects.create(
            application=locked,
            kind=kind,
            name=name,
            email=email,
            position=position,
            establishment=establishment,
        )
        referee.application = locked
        audit_record(actor=actor, action="referee.request", obj=referee, after={"kind": kind, "email": email})
        transaction.on_commit(lambda: _referee_mail(referee, "request"))
    return referee


def referee_remind(*, referee, actor, now=None) -> Referee:
    """Send the link again, at most once per PORTAL_REFEREE_REMINDER_HOURS."""
    now = now or timezone.now()
    with transaction.atomic():
        referee = (
            Referee.objects.select_for_update(of=("self",))
            .select_related("application__candidate", "application__campaign")
            .get(pk=referee.pk)
        )
        if referee.status == RefereeStatus.RECEIVED:
            raise DossierError(_("This referee has already answered."), "received")
        last = referee.reminded_at or referee.requested_at
        if now - last < dt.timedelta(hours=referee_reminder_hours()):
            raise DossierError(
                _("A reminder can be sent once every %(hours)s hours.") % {"hours": referee_reminder_hours()},
                "too_soon",
            )
        referee.reminded_at = now
        referee.save(update_fields=["reminded_at"])
        audit_record(actor=actor, action="referee.remind", obj=referee)
        occasion = f"reminder-{now:%Y%m%d%H%M%S}"
        transaction.on_commit(lambda: _referee_mail(referee, occasion))
    return referee


def referee_answer(*, referee, answers: dict, now=None) -> Referee:
    """Store the confidential appraisal; a form cannot be answered twice."""
    with transaction.atomic():
        locked = Referee.objects.select_for_update().get(pk=referee.pk)
        if locked.status == RefereeStatus.RECEIVED:
            raise RefereeAlreadyAnswered(_("This appraisal has already been sent. Thank you."), "received")
        locked.answers = answers
        locked.status = RefereeStatus.RECEIVED
        locked.received_at = now or timezone.now()
        locked.save(update_fields=["answers", "status", "received_at"])
        audit_record(actor=f"referee:{locked.email}", action="referee.answer", obj=locked)
    return locked


# --- submission ---------------------------------------------------------------------------------


def application_reference(application) -> str:
    return f"IMTMA-{application.campaign.year}-{application.pk:06d}"


def application_submit(*, application, actor, now=None) -> tuple[Application, bool]:
    """Submit a complete dossier before the deadline (R-DOSSIER-1..3). The application row is
    locked and re-read: a second submission (two tabs, double click) changes nothing and
    returns (application, False)."""
    from .selectors import application_queryset, dossier_completeness

    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(application)
        if locked.submitted_at:
            return locked, False
        if not locked.campaign.is_open_for_submission(now):
            raise DossierError(
                _("Submissions are closed: the deadline was %(date)s at midnight (Paris time).")
                % {"date": locked.campaign.submission_deadline.strftime("%d/%m/%Y")},
                "closed",
            )
        fresh = application_queryset().get(pk=locked.pk)
        completeness = dossier_completeness(fresh)
        if not completeness.complete:
            raise DossierIncomplete(completeness)
        locked.reference = application_reference(locked)
        locked.submitted_at = now
        locked.save(update_fields=["reference", "submitted_at", "updated_at"])
        for wish in fresh.wishes.all():
            if wish.state == WishState.DRAFT:
                wish_submit(wish=wish, actor=actor)
        audit_record(
            actor=actor, action="application.submit", obj=locked, after={"reference": locked.reference}
        )
        transaction.on_commit(lambda: _acknowledge_later(locked.pk))
    return locked, True


def _acknowledge_later(application_id):
    from .tasks import application_acknowledge

    application_acknowledge.delay(application_id)


def application_receipt_pdf(*, application, language=None) -> bytes:
    from core.pdf import render_pdf

    from .selectors import application_queryset, document_checklist, fee_breakdown

    application = application_queryset().get(pk=application.pk)
    language = language or application.candidate.preferred_language
    return render_pdf(
        "pdf/receipt.html",
        {
            "application": application,
            "candidate": application.candidate,
            "wishes": [
                w for w in application.wishes.all() if w.state not in (WishState.WITHDRAWN, WishState.VOIDED)
            ],
            "checklist": document_checklist(application),
            "fees": fee_breakdown(application),
        },
        language,
    )


def application_acknowledgment_send(*, application_id):
    """The acknowledgment of receipt, by e-mail only (R-DOSSIER-3), with the PDF receipt.
    Idempotent: one per application (the outbox's key)."""
    application = Application.objects.select_related("candidate", "campaign").get(pk=application_id)
    if not application.submitted_at:
        return None
    pdf = application_receipt_pdf(application=application)
    return _mail(
        template_key="dossier.acknowledgment",
        recipient=application.candidate,
        context={
            "candidate_name": application.candidate.get_full_name() or application.candidate.email,
            "reference": application.reference,
            "submitted_at": timezone.localtime(application.submitted_at).strftime("%d/%m/%Y %H:%M"),
            "session": application.campaign.name,
        },
        related=application,
        occasion="submitted",
        attachments=((f"{application.reference}.pdf", pdf, "application/pdf"),),
    )


# A submitted dossier whose acknowledgment is still not in the outbox this long after
# submission: its task was lost (broker restart) and is queued again.
ACKNOWLEDGMENT_LOST_AFTER = dt.timedelta(minutes=10)


def acknowledgments_sweep(*, now=None) -> int:
    """R-DOSSIER-3 never depends on one broker message: re-queue the acknowledgment of
    every dossier submitted in the last days that has none in the outbox yet (the
    outbox's idempotency key makes a duplicate impossible). Returns how many."""
    from django.contrib.contenttypes.models import ContentType

    from notifications.models import OutboxMessage

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
    return len(missing)


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
                _("Only a submitted dossier whose wishes await examination can be refused."), "state"
            )
        wishes_transition(
            wishes=wishes,
            target=WishState.REFUSED_EXAMINATION,
            actor=actor,
            reason=reason,
            action="wish.refuse_examination",
        )
        audit_record(actor=actor, action="application.refuse_examination", obj=locked, reason=reason)
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
            raise DossierError(_("This dossier has no open submitted wish."), "state")
        wishes_transition(
            wishes=wishes, target=WishState.VOIDED, actor=actor, reason=reason, action="wish.void"
        )
        audit_record(actor=actor, action="application.void", obj=locked, reason=reason)
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
            action="application.scholarship_refuse",
            obj=locked,
            before={"scholarship_status": before},
            after={"scholarship_status": locked.scholarship_status},
            reason=reason,
        )

        def notify():
            from .selectors import amount_owed

            fresh = Application.objects.select_related("campaign__fees", "candidate").get(pk=locked.pk)
            _mail(
                template_key="dossier.scholarship_refused",
                recipient=fresh.candidate,
                context={
                    "reference": fresh.reference or "",
                    "reason": reason,
                    "amount_owed": f"{amount_owed(fresh)} {fresh.campaign.fees.currency}",
                    "pay_link": _absolute(reverse("payments:pay")) if _has_url("payments:pay") else "",
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
            action="application.scholarship_accept",
            obj=locked,
            before={"scholarship_status": ScholarshipStatus.DECLARED},
            after={"scholarship_status": ScholarshipStatus.VERIFIED},
        )
    application.scholarship_status = ScholarshipStatus.VERIFIED
    return application


def _has_url(name):
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True
