"""Changing a submitted dossier until the deadline (R-DOSSIER-1), staff corrections with a
reason, refusal of examination while under review (R-DOSSIER-2), voiding after a decision
(R-DOSSIER-5)."""

import datetime as dt
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

import core.pdf
from candidates import services
from candidates.enums import (
    AuditAction,
    DocumentState,
    DossierChangeKind,
    Eligibility,
    TitleChoice,
    WishState,
)
from candidates.fees import amount_owed, fee_breakdown
from candidates.models import Document, DossierChange
from candidates.selectors import dossier_completeness
from candidates.workflow import wishes_transition
from core.models import AuditEntry
from jury.enums import AuditAction as JuryAuditAction
from tests.candidates.factories import (
    AFTER_DEADLINE,
    document_type,
    fill_dossier,
    fresh,
    intake,
    pay,
    pdf_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=("bat", "infres"))
    pay(application, candidate)
    services.application_submit(application=application, actor=candidate)
    return fresh(application)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `action` and every on-commit callback it queues, nested ones too (the change's
    acknowledgment is a task queued on commit that queues the e-mail on commit)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = action()
        for _round in range(4):
            if not callbacks:
                break
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                pass
        return result

    return run


def receipt_text(application):
    pdf = services.application_receipt_pdf(application=application, language="en")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def changed_mails(mailbox):
    return [m for m in mailbox() if m.template_key == "dossier.changed"]


def test_R_DOSSIER_1_a_wish_added_after_submission_is_filed_once_the_difference_is_paid(
    submitted, session_2021, candidate, committed, mailbox
):
    wish = services.wish_add(application=submitted, intake=intake(session_2021, "mkx"), actor=candidate)
    application = fresh(submitted)
    assert wish.state == WishState.DRAFT
    # R-FEES-2: a third program costs 22 € more; the added wish waits for it.
    assert amount_owed(application) == Decimal("22.00")
    with pytest.raises(services.DossierIncomplete) as error:
        services.application_submit(application=application, actor=candidate)
    assert error.value.completeness.owed == Decimal("22.00")
    assert not DossierChange.objects.exists()

    pay(application, candidate)
    application, filed = committed(
        lambda: services.application_submit(application=fresh(submitted), actor=candidate)
    )
    assert filed
    wish.refresh_from_db()
    assert wish.state == WishState.SUBMITTED
    assert fee_breakdown(fresh(submitted)).owed == 0
    change = DossierChange.objects.get()
    assert change.kind == DossierChangeKind.WISH_ADDED and change.subject == "Mécatronique – 1re année"
    assert change.at is not None and not change.by_staff
    assert AuditEntry.objects.filter(action=AuditAction.APPLICATION_CHANGES_SUBMIT).count() == 1
    # Re-acknowledged by e-mail, in French, with the updated receipt.
    mail = changed_mails(mailbox)[0]
    assert submitted.reference in mail.subject
    assert "Vœu ajouté" in mail.body_text
    assert mail.attachments.get().filename == f"{submitted.reference}.pdf"
    text = receipt_text(fresh(submitted))
    assert "Changes after submission" in text and "Choice added" in text
    # Nothing else to file: a second click changes nothing.
    assert services.application_submit(application=fresh(submitted), actor=candidate)[1] is False


def test_R_DOSSIER_1_removing_a_filed_wish_withdraws_it_and_the_receipt_keeps_its_line(
    submitted, session_2021, candidate, committed, mailbox
):
    wish = fresh(submitted).wishes.get(intake__program__code="infres")
    committed(lambda: services.wish_remove(wish=wish, actor=candidate))
    wish.refresh_from_db()
    assert wish.state == WishState.WITHDRAWN  # through the one transition function
    assert AuditEntry.objects.filter(action=AuditAction.WISH_WITHDRAW, object_id=str(wish.pk)).exists()
    application = fresh(submitted)
    assert application.wishes.count() == 2  # never erased
    # R-FEES-3: nothing is refunded, nothing owed.
    assert fee_breakdown(application).paid == Decimal("99.00") and amount_owed(application) == 0
    change = DossierChange.objects.get()
    assert change.kind == DossierChangeKind.WISH_WITHDRAWN
    assert len(changed_mails(mailbox)) == 1
    text = receipt_text(application)
    assert "Withdrawn" in text and "Choice withdrawn" in text


def test_R_DOSSIER_1_a_document_is_replaced_and_the_old_version_kept(
    submitted, session_2021, candidate, committed, mailbox
):
    cv = document_type(session_2021, "cv")
    old = Document.objects.get(application=submitted, document_type=cv, state=DocumentState.CURRENT)
    new = committed(
        lambda: services.document_upload(
            application=submitted, document_type=cv, uploaded_file=pdf_file("cv-2021.pdf"), actor=candidate
        )
    )
    old.refresh_from_db()
    assert old.state == DocumentState.REPLACED and old.state_changed_at is not None
    assert new.state == DocumentState.CURRENT and not new.late
    assert AuditEntry.objects.filter(action=AuditAction.DOCUMENT_REPLACE).exists()
    change = DossierChange.objects.get()
    assert change.kind == DossierChangeKind.DOCUMENT_REPLACED and "cv-2021.pdf" in change.subject
    assert len(changed_mails(mailbox)) == 1
    assert "cv-2021.pdf" in receipt_text(fresh(submitted))


def test_R_DOSSIER_1_after_the_deadline_only_the_late_documents(
    submitted, session_2021, candidate, during_session
):
    during_session.move_to(AFTER_DEADLINE)
    application = fresh(submitted)
    with pytest.raises(services.DossierError):
        services.wish_add(application=application, intake=intake(session_2021, "mkx"), actor=candidate)
    with pytest.raises(services.DossierError):
        services.wish_remove(wish=application.wishes.first(), actor=candidate)
    with pytest.raises(services.DossierError):
        services.document_upload(
            application=application,
            document_type=document_type(session_2021, "cv"),
            uploaded_file=pdf_file("cv2.pdf"),
            actor=candidate,
        )
    assert not DossierChange.objects.exists()


def test_R_DOSSIER_1_identity_path_and_title_stay_read_only_after_submission(submitted, candidate):
    with pytest.raises(services.DossierError):
        services.application_title_update(application=submitted, actor=candidate, ects=180)
    with pytest.raises(services.DossierError):
        services.document_remove(document=submitted.current_documents[0], actor=candidate)


def test_R_DOSSIER_1_staff_correct_the_title_with_a_reason(
    submitted, session_2021, personas, committed, mailbox
):
    with pytest.raises(services.DossierError):
        services.application_title_correct(
            application=submitted,
            actor=personas.admin,
            title_choice=TitleChoice.FOREIGN,
            listed_title=None,
            reason=" ",
        )
    committed(
        lambda: services.application_title_correct(
            application=submitted,
            actor=personas.admin,
            title_choice=TitleChoice.FOREIGN,
            listed_title=None,
            reason="Diplôme obtenu en Belgique",
        )
    )
    application = fresh(submitted)
    assert application.title_choice == TitleChoice.FOREIGN and application.listed_title is None
    entry = AuditEntry.objects.get(action=AuditAction.APPLICATION_TITLE_CORRECT)
    assert entry.actor == personas.admin and entry.reason == "Diplôme obtenu en Belgique"
    # A foreign title is for the jury to judge (R-ELIG-3): the eligibility follows.
    assert {w.eligibility for w in application.wishes.all()} == {Eligibility.JURY}
    change = DossierChange.objects.get()
    assert change.kind == DossierChangeKind.TITLE_CORRECTED and change.by_staff
    assert change.reason == "Diplôme obtenu en Belgique"
    assert "Belgique" in changed_mails(mailbox)[0].body_text


def test_R_DOSSIER_2_staff_refile_a_document_under_the_right_type(
    submitted, session_2021, candidate, personas, committed
):
    cv, letter = document_type(session_2021, "cv"), document_type(session_2021, "cover_letter")
    misfiled = Document.objects.get(application=submitted, document_type=cv, state=DocumentState.CURRENT)
    displaced = Document.objects.get(application=submitted, document_type=letter, state=DocumentState.CURRENT)
    committed(
        lambda: services.document_refile(
            document=misfiled, document_type=letter, actor=personas.admin, reason="C'est la lettre"
        )
    )
    misfiled.refresh_from_db()
    displaced.refresh_from_db()
    assert misfiled.document_type == letter and misfiled.state == DocumentState.CURRENT
    assert displaced.state == DocumentState.REPLACED  # kept in the history
    entry = AuditEntry.objects.get(action=AuditAction.DOCUMENT_REFILE)
    assert entry.reason == "C'est la lettre" and entry.before == {"type": "cv"}
    change = DossierChange.objects.get()
    assert change.kind == DossierChangeKind.DOCUMENT_REFILED and change.by_staff
    # The CV is now missing: the checklist says so.
    assert cv in dossier_completeness(fresh(submitted)).missing_documents


def test_R_DOSSIER_2_refusal_of_examination_while_under_review(submitted, personas, committed, mailbox):
    wishes_transition(
        wishes=list(submitted.wishes.all()),
        target=WishState.UNDER_REVIEW,
        actor=personas.admin,
        action=JuryAuditAction.TAKE_INTO_REVIEW,
    )
    count = committed(
        lambda: services.application_refuse_examination(
            application=submitted, actor=personas.admin, reason="Relevés manquants"
        )
    )
    assert count == 2
    assert {w.state for w in fresh(submitted).wishes.all()} == {WishState.REFUSED_EXAMINATION}
    assert any(m.template_key == "dossier.refused_examination" for m in mailbox())


def test_R_DOSSIER_5_a_false_declaration_found_after_a_decision_voids_the_application(
    submitted, personas, committed, mailbox
):
    wishes = list(submitted.wishes.all())
    for target in (WishState.UNDER_REVIEW, WishState.ADMISSIBLE):
        wishes_transition(
            wishes=wishes, target=target, actor=personas.admin, action=JuryAuditAction.TAKE_INTO_REVIEW
        )
    count = committed(
        lambda: services.application_void(
            application=submitted, actor=personas.admin, reason="Diplôme falsifié"
        )
    )
    assert count == 2
    assert {w.state for w in fresh(submitted).wishes.all()} == {WishState.VOIDED}
    assert any(m.template_key == "dossier.voided" and "falsifié" in m.body_text for m in mailbox())


def test_R_DOSSIER_1_the_submitted_dossier_pages_say_what_may_still_change(
    submitted, session_2021, candidate, login, committed
):
    client = login(candidate)
    page = client.get(reverse("candidates:wishes", args=[2021])).content.decode()
    assert "vous pouvez encore modifier vos vœux et vos pièces jusqu'au 9 mars 2021 23:59" in page
    assert "Ajouter ce vœu" in page and "Me désister" in page
    identity = client.get(reverse("candidates:identity", args=[2021])).content.decode()
    # The other steps stay read-only: their fields are disabled.
    assert "vos vœux et vos pièces" in identity and 'name="phone"' in identity
    assert identity.count("disabled") >= 4
    mkx = intake(session_2021, "mkx")
    response = client.post(reverse("candidates:wishes", args=[2021]), {"intake": mkx.pk})
    assert response.status_code == 302
    added = fresh(submitted).wishes.get(intake=mkx)
    # Not filed yet: removed on the wishes step, never "withdrawn" from the home page.
    home = client.get(reverse("candidates:home")).content.decode()
    assert reverse("candidates:wish_withdraw", args=[added.pk]) not in home
    review = client.get(reverse("candidates:review", args=[2021])).content.decode()
    assert "Déposer mes vœux ajoutés" in review and "Payer les frais" in review
    pay(fresh(submitted), candidate)
    committed(lambda: client.post(reverse("candidates:review", args=[2021])))
    home = client.get(reverse("candidates:home")).content.decode()
    assert "Modifications après le dépôt" in home and "Vœu ajouté" in home
    documents = client.get(reverse("candidates:documents", args=[2021])).content.decode()
    assert "Remplacer" in documents


def test_R_DOSSIER_1_staff_correct_a_title_and_refile_a_document_through_their_pages(
    submitted, session_2021, personas, login, committed
):
    client = login(personas.admin)
    detail = client.get(reverse("candidates:staff_detail", args=[submitted.pk])).content.decode()
    assert "Corriger le titre" in detail and "Reclasser dans un autre type" in detail
    url = reverse("candidates:staff_title_correct", args=[submitted.pk])
    assert client.post(url, {"title_choice": TitleChoice.FOREIGN, "reason": ""}).status_code == 200
    committed(lambda: client.post(url, {"title_choice": TitleChoice.FOREIGN, "reason": "Titre belge"}))
    assert fresh(submitted).title_choice == TitleChoice.FOREIGN
    cv = Document.objects.get(application=submitted, document_type__code="cv", state=DocumentState.CURRENT)
    letter = document_type(session_2021, "cover_letter")
    response = committed(
        lambda: client.post(
            reverse("candidates:staff_document_refile", args=[cv.pk]),
            {"document_type": letter.pk, "reason": "Mauvais type"},
        )
    )
    assert response.status_code == 302
    detail = client.get(reverse("candidates:staff_detail", args=[submitted.pk])).content.decode()
    assert "Titre belge" in detail and "Mauvais type" in detail
    assert "Pièces remplacées ou supprimées" in detail


def test_R_DOSSIER_1_a_lost_change_acknowledgment_is_queued_again_by_the_sweeper(
    submitted, session_2021, candidate, during_session, django_capture_on_commit_callbacks, mailbox
):
    with django_capture_on_commit_callbacks(execute=False):  # the broker loses the task
        services.document_upload(
            application=submitted,
            document_type=document_type(session_2021, "cv"),
            uploaded_file=pdf_file("cv-v2.pdf"),
            actor=candidate,
        )
    assert changed_mails(mailbox) == []
    during_session.shift(dt.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        # The fixture's submission lost its acknowledgment too (its on-commit never ran).
        assert services.acknowledgments_sweep() == 2
    assert len(changed_mails(mailbox)) == 1
    assert len([m for m in mailbox() if m.template_key == "dossier.acknowledgment"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.acknowledgments_sweep() == 0


def test_R_DOSSIER_1_a_wish_added_but_never_filed_before_the_deadline_is_not_charged(
    submitted, session_2021, candidate, during_session
):
    services.wish_add(application=submitted, intake=intake(session_2021, "mkx"), actor=candidate)
    assert amount_owed(fresh(submitted)) == Decimal("22.00")
    during_session.move_to(AFTER_DEADLINE)
    application = fresh(submitted)
    assert amount_owed(application) == 0  # never examined, never owed
    assert fee_breakdown(application).programs == 2
    with pytest.raises(services.DossierError):
        services.application_submit(application=application, actor=candidate)


def test_R_DOSSIER_3_the_receipt_is_printed_once_by_the_acknowledgment_and_anew_when_the_dossier_changes(
    session_2021, candidate, during_session, committed, mailbox, login
):
    """Deadline night: the worker prints the receipt for the acknowledgment; the candidate's
    download moments later is that same PDF, not a second print on the web tier (core.pdf).
    A change of the dossier changes the receipt, which is printed anew."""
    application = fill_dossier(candidate, session_2021, programs=("bat", "infres"))
    pay(application, candidate)
    with mock.patch("core.pdf._print", wraps=core.pdf._print) as printer:
        committed(lambda: services.application_submit(application=application, actor=candidate))
        acknowledgment = next(m for m in mailbox() if m.template_key == "dossier.acknowledgment")
        client = login(candidate)
        downloaded = client.get(reverse("candidates:receipt", args=[2021]))
        assert downloaded.content == bytes(acknowledgment.attachments.get().content)
        assert printer.call_count == 1
        wish = fresh(application).wishes.get(intake__program__code="infres")
        committed(lambda: services.wish_remove(wish=wish, actor=candidate))
        after = client.get(reverse("candidates:receipt", args=[2021]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(after.content)).pages)
    assert "Désisté" in text and "Désistement d'un vœu" in text
    assert after.content == bytes(changed_mails(mailbox)[0].attachments.get().content)
    assert printer.call_count == 2
