"""Staff view of dossiers: list, detail, refusal of examination (R-DOSSIER-2), voiding
(R-DOSSIER-5), scholarship proof (R-FEES-1/2)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from candidates import services
from candidates.enums import AuditAction, ScholarshipStatus, WishState
from candidates.fees import amount_owed
from core.models import AuditEntry
from tests.candidates.factories import fill_dossier, fresh, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=("bat", "infres"), scholarship=True)
    pay(application, candidate)
    services.application_submit(application=application, actor=candidate)
    return fresh(application)


def test_R_DOSSIER_2_refuse_examination_with_reason_audited_and_emailed(
    submitted, personas, login, mailbox, django_capture_on_commit_callbacks
):
    client = login(personas.admin)
    url = reverse("candidates:staff_refuse_examination", args=[submitted.pk])
    assert client.post(url, {"reason": "   "}).status_code == 200  # mandatory reason
    assert {w.state for w in fresh(submitted).wishes.all()} == {WishState.SUBMITTED}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Relevés de notes illisibles"})
    assert response.status_code == 302
    assert {w.state for w in fresh(submitted).wishes.all()} == {WishState.REFUSED_EXAMINATION}
    entry = AuditEntry.objects.get(action=AuditAction.APPLICATION_REFUSE_EXAMINATION)
    assert entry.reason == "Relevés de notes illisibles" and entry.actor == personas.admin
    mails = [m for m in mailbox() if m.template_key == "dossier.refused_examination"]
    assert len(mails) == 1 and "illisibles" in mails[0].body_text


def test_R_DOSSIER_5_void_for_false_declaration(
    submitted, personas, login, mailbox, django_capture_on_commit_callbacks
):
    client = login(personas.president)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("candidates:staff_void", args=[submitted.pk]), {"reason": "Diplôme falsifié"}
        )
    assert response.status_code == 302
    assert {w.state for w in fresh(submitted).wishes.all()} == {WishState.VOIDED}
    assert AuditEntry.objects.filter(action=AuditAction.APPLICATION_VOID, reason="Diplôme falsifié").exists()
    assert any(m.template_key == "dossier.voided" for m in mailbox())


def test_void_requires_a_reason(submitted, personas):
    with pytest.raises(services.DossierError):
        services.application_void(application=submitted, actor=personas.admin, reason="")


def test_R_FEES_1_refused_scholarship_proof_makes_the_difference_owed(
    submitted, personas, login, mailbox, django_capture_on_commit_callbacks
):
    assert amount_owed(submitted) == 0  # paid 22 + 11 as a scholar
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas.admin).post(
            reverse("candidates:staff_scholarship_refuse", args=[submitted.pk]),
            {"reason": "Attestation expirée"},
        )
    assert response.status_code == 302
    application = fresh(submitted)
    assert application.scholarship_status == ScholarshipStatus.REFUSED
    assert amount_owed(application) == Decimal("99.00") - Decimal("33.00")  # R-FEES-2: 77 + 22
    mail = next(m for m in mailbox() if m.template_key == "dossier.scholarship_refused")
    assert "66" in mail.body_text and "Attestation" in mail.body_text
    assert "il reste 66,00\u00a0€ à régler" in mail.body_text  # French, as the candidate reads it


def test_the_refusal_email_is_written_in_the_candidates_language(
    submitted, personas, login, mailbox, django_capture_on_commit_callbacks
):
    """A French-speaking admin refuses the proof; an English-speaking candidate reads English,
    the amount written the English way."""
    submitted.candidate.preferred_language = "en"
    submitted.candidate.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        login(personas.admin).post(
            reverse("candidates:staff_scholarship_refuse", args=[submitted.pk]), {"reason": "Expired"}
        )
    mail = next(m for m in mailbox() if m.template_key == "dossier.scholarship_refused")
    assert mail.language == "en" and mail.subject == "Scholarship proof refused"
    assert "66.00\u00a0€ is still owed" in mail.body_text


def test_accept_scholarship_proof(submitted, personas, login):
    response = login(personas.admin).post(reverse("candidates:staff_scholarship_accept", args=[submitted.pk]))
    assert response.status_code == 302
    assert fresh(submitted).scholarship_status == ScholarshipStatus.VERIFIED
    assert AuditEntry.objects.filter(action=AuditAction.APPLICATION_SCHOLARSHIP_ACCEPT).exists()


def test_staff_list_filters_and_detail(submitted, personas, login, session_2021, other_candidate):
    fill_dossier(other_candidate, session_2021, programs=("mkx",), documents=False)
    client = login(personas.admin)
    page = client.get(reverse("candidates:staff_list", args=[2021])).content.decode()
    assert submitted.reference in page and other_candidate.email in page
    only_submitted = client.get(
        reverse("candidates:staff_list", args=[2021]), {"status": "submitted"}
    ).content.decode()
    assert other_candidate.email not in only_submitted
    only_mkx = client.get(reverse("candidates:staff_list", args=[2021]), {"program": "mkx"}).content.decode()
    assert submitted.reference not in only_mkx and other_candidate.email in only_mkx
    search = client.get(
        reverse("candidates:staff_list", args=[2021]), {"q": submitted.reference}
    ).content.decode()
    assert other_candidate.email not in search
    detail = client.get(reverse("candidates:staff_detail", args=[submitted.pk])).content.decode()
    assert submitted.reference in detail
    assert "Mme Prof" in detail


def test_staff_list_shows_completeness_and_payment(submitted, personas, login, session_2021, other_candidate):
    fill_dossier(other_candidate, session_2021, programs=("mkx",), documents=False)
    response = login(personas.admin).get(reverse("candidates:staff_list", args=[2021]))
    rows = {row["application"].pk: row for row in response.context["rows"]}
    assert rows[submitted.pk]["completeness"].complete
    other = next(r for pk, r in rows.items() if pk != submitted.pk)
    assert other["completeness"].missing_documents and other["completeness"].owed == Decimal("77.00")


def test_staff_reads_documents_jury_member_does_not(submitted, personas, login, client):
    document = submitted.current_documents[0]
    assert (
        login(personas.admin).get(reverse("candidates:staff_document", args=[document.pk])).status_code == 200
    )
    client.logout()
    assert (
        login(personas.jury_x).get(reverse("candidates:staff_document", args=[document.pk])).status_code
        == 404
    )
