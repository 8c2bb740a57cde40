"""Admission and the apprenticeship contract (R-ADMIT-2, R-ADMIT-3, R-DOSSIER-4): admission
needs a registered job sheet and the diploma proven; the signed contract enrols the
candidate and withdraws their other open choices (their places go back)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from candidates.enums import OPEN_STATES, DocumentState, WishState
from candidates.models import Application, Document, Wish
from candidates.selectors import late_document_codes
from candidates.workflow import wish_transition, wishes_transition
from core.audit import audit_record
from core.files import validate_upload

from ..enums import AuditAction, JobSheetState
from ..models import Contract, DiplomaVerification, JobSheet
from ..selectors import diploma_proven
from .job_sheets import JobSheetError, mail_candidate


def diploma_proof_verify(*, application, actor, now=None) -> DiplomaVerification:
    """Staff checked the late diploma proof and transcripts (R-DOSSIER-4)."""
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("candidate")
            .get(pk=application.pk)
        )
        if not locked.title_in_progress:
            raise JobSheetError(
                _("This candidate's diploma was already held at submission."), "not_in_progress"
            )
        if DiplomaVerification.objects.filter(application=locked).exists():
            raise JobSheetError(_("The diploma proof has already been verified."), "already")
        codes = late_document_codes()
        documents = list(
            Document.objects.filter(
                application=locked, state=DocumentState.CURRENT, document_type__code__in=codes
            ).select_related("document_type")
        )
        missing = sorted(set(codes) - {document.document_type.code for document in documents})
        if missing:
            raise JobSheetError(
                _("The diploma proof and the latest transcripts have not all arrived (missing: %(codes)s).")
                % {"codes": ", ".join(missing)},
                "missing",
            )
        verification = DiplomaVerification.objects.create(
            application=locked,
            documents=sorted(document.pk for document in documents),
            verified_by=actor,
            verified_at=now or timezone.now(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.DIPLOMA_VERIFY,
            obj=locked,
            after={"documents": verification.documents},
        )
    return verification


def registered_sheet(wish) -> JobSheet | None:
    return (
        JobSheet.objects.select_related("wish__application__candidate", "intake__program")
        .filter(wish_id=wish.pk, state=JobSheetState.REGISTERED)
        .first()
    )


def wish_admit(*, wish, actor) -> Wish:
    """Pronounce the admission (R-ADMIT-2): a registered job sheet and the diploma proven."""
    with transaction.atomic():
        locked = Wish.objects.select_for_update(of=("self",)).select_related("application").get(pk=wish.pk)
        sheet = registered_sheet(locked)
        if sheet is None or locked.state != WishState.PLACED:
            raise JobSheetError(
                _("No admission without a host company: this choice has no registered job sheet."),
                "no_company",
            )
        if not diploma_proven(locked.application):
            raise JobSheetError(
                _(
                    "No admission while the required diploma is not proven: the diploma proof and the latest "
                    "transcripts must arrive and be verified first."
                ),
                "diploma",
            )
        wish_transition(wish=locked, target=WishState.ADMITTED, actor=actor, action=AuditAction.WISH_ADMIT)
        mail_candidate(sheet, "apprenticeship.admitted", "admitted")
    return locked


def contract_record(
    *, wish, actor, signed_on, starts_on, ends_on, cerfa_number: str, uploaded_file
) -> Contract:
    """Record the signed contract (R-ADMIT-3): the wish becomes enrolled and the candidate's
    other open choices are withdrawn (their places go back, their waiting sheets move on)."""
    try:
        checked = validate_upload(uploaded_file)
    except ValidationError as error:
        raise JobSheetError(" ".join(error.messages), "file") from error
    with transaction.atomic():
        locked = (
            Wish.objects.select_for_update(of=("self",))
            .select_related("application__candidate")
            .get(pk=wish.pk)
        )
        sheet = registered_sheet(locked)
        if sheet is None:
            raise JobSheetError(
                _("No admission without a host company: this choice has no registered job sheet."),
                "no_company",
            )
        if locked.state != WishState.ADMITTED:
            raise JobSheetError(
                _(
                    "The admission must be pronounced before the contract is recorded "
                    "(this choice is “%(state)s”)."
                )
                % {"state": WishState(locked.state).label},
                "not_admitted",
            )
        approved_on = timezone.localdate(sheet.approved_at)
        if signed_on < approved_on:
            raise JobSheetError(
                _("The contract cannot be signed before the job sheet's approval (%(date)s).")
                % {"date": date_format(approved_on, "j F Y")},
                "before_approval",
            )
        if ends_on <= starts_on:
            raise JobSheetError(_("The contract must end after it starts."), "dates")
        contract = Contract(
            wish=locked,
            sheet=sheet,
            signed_on=signed_on,
            starts_on=starts_on,
            ends_on=ends_on,
            employer_name=sheet.company_name,
            employer_siret=sheet.siret,
            cerfa_number=cerfa_number.strip(),
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            recorded_by=actor,
        )
        contract.file.save(f"contract{checked.extension}", checked.file, save=False)
        contract.save()
        audit_record(
            actor=actor,
            action=AuditAction.CONTRACT_RECORD,
            obj=contract,
            after={
                "signed_on": signed_on.isoformat(),
                "cerfa_number": contract.cerfa_number,
                "sheet": sheet.pk,
            },
        )
        wish_transition(
            wish=locked, target=WishState.ENROLLED, actor=actor, action=AuditAction.CONTRACT_RECORD
        )
        others = list(
            Wish.objects.filter(application_id=locked.application_id, state__in=OPEN_STATES)
            .exclude(pk=locked.pk)
            .select_related("intake__program")
        )
        wishes_transition(
            wishes=others,
            target=WishState.WITHDRAWN,
            actor=actor,
            action=AuditAction.WISH_WITHDRAWN_ON_ENROLMENT,
            reason="enrolled in another program",
        )
        withdrawn = ", ".join(str(wish.intake.program.name) for wish in others)
        mail_candidate(
            sheet,
            "apprenticeship.enrolled",
            "enrolled",
            withdrawn=_("Your other choices are withdrawn: %(names)s.") % {"names": withdrawn}
            if others
            else "",
        )
    return contract
