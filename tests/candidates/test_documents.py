"""Documents: the checklist of the chosen intakes, upload, replace, remove, view one's own."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from admissions.enums import DocumentCondition
from candidates import services
from candidates.enums import DocumentState, TitleChoice
from candidates.models import Document
from candidates.selectors import document_checklist
from tests.candidates.factories import (
    AFTER_DEADLINE,
    JPEG,
    PDF,
    document_type,
    fill_dossier,
    fresh,
    pay,
    pdf_file,
)

pytestmark = pytest.mark.django_db


def codes(checklist, *, required=None):
    return [i.document_type.code for i in checklist if required is None or i.required == required]


def test_checklist_follows_the_intakes_and_conditions(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, documents=False)
    checklist = document_checklist(application)
    assert codes(checklist, required=True) == ["identity", "cv", "cover_letter", "transcripts", "bac"]
    assert codes(checklist, required=False) == ["diploma"]  # asked, not required
    assert "scholarship" not in codes(checklist)
    assert "enrolment" not in codes(checklist)
    assert "equivalence" not in codes(checklist)


def test_conditions_scholarship_in_progress_foreign(session_2021, candidate, during_session):
    application = fill_dossier(
        candidate,
        session_2021,
        documents=False,
        scholarship=True,
        in_progress=True,
        title_choice=TitleChoice.FOREIGN,
    )
    required = codes(document_checklist(application), required=True)
    assert {"scholarship", "enrolment", "equivalence"} <= set(required)


def test_no_wish_no_checklist(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=(), documents=False)
    assert document_checklist(application) == []


def test_upload_keeps_sanitised_name_random_storage_name(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, documents=False)
    document = services.document_upload(
        application=application,
        document_type=document_type(session_2021, "cv"),
        uploaded_file=pdf_file("../../../etc/Mon CV.pdf"),
        actor=candidate,
    )
    assert document.original_name == "Mon CV.pdf"
    assert document.file.name.startswith("documents/2021/") and "CV" not in document.file.name
    assert document.content_type == "application/pdf" and document.size == len(PDF)


def test_replace_then_remove(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, documents=False)
    cv = document_type(session_2021, "cv")
    first = services.document_upload(
        application=application, document_type=cv, uploaded_file=pdf_file("v1.pdf"), actor=candidate
    )
    second = services.document_upload(
        application=application,
        document_type=cv,
        uploaded_file=pdf_file("v2.jpg", JPEG),
        actor=candidate,
    )
    first.refresh_from_db()
    assert first.state == DocumentState.REPLACED and second.state == DocumentState.CURRENT
    assert Document.objects.current().filter(application=application).count() == 1
    services.document_remove(document=second, actor=candidate)
    assert not Document.objects.current().filter(application=application).exists()


def test_document_not_asked_is_refused(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, documents=False)
    with pytest.raises(services.DossierError):
        services.document_upload(
            application=application,
            document_type=document_type(session_2021, "scholarship"),
            uploaded_file=pdf_file(),
            actor=candidate,
        )


def test_candidate_views_own_file_others_get_404(
    session_2021, candidate, other_candidate, during_session, login, client
):
    application = fill_dossier(candidate, session_2021)
    document = application.current_documents[0]
    response = login(candidate).get(reverse("candidates:document", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.logout()
    assert login(other_candidate).get(reverse("candidates:document", args=[document.pk])).status_code == 404


def test_upload_page_bad_inputs_show_clear_messages_and_lose_nothing(
    session_2021, candidate, during_session, login, settings
):
    application = fill_dossier(candidate, session_2021, documents=False)
    client = login(candidate)
    cv = document_type(session_2021, "cv")
    url = reverse("candidates:document_upload", args=[2021, cv.pk])
    field = f"doc{cv.pk}-file"
    good = client.post(url, {field: pdf_file("cv.pdf")})
    assert good.status_code == 302
    settings.PORTAL_UPLOAD_MAX_BYTES = 100
    cases = {
        "too large": pdf_file("big.pdf", PDF + b"x" * 200),
        "exe": pdf_file("virus.pdf", b"MZ\x90\x00" + b"\x00" * 20),
        "html": pdf_file("page.pdf", b"<html><body>hi</body></html>"),
        "empty": pdf_file("empty.pdf", b""),
    }
    for _label, uploaded in cases.items():
        response = client.post(url, {field: uploaded})
        assert response.status_code == 200
        assert b"is-invalid" in response.content
        assert f'id="id_{field}_error"'.encode() in response.content
    # the good file is still there, untouched
    assert [d.original_name for d in fresh(application).current_documents] == ["cv.pdf"]


def test_R_DOSSIER_4_late_diploma_and_transcripts_after_submission(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, in_progress=True)
    pay(application, candidate)
    services.application_submit(application=application, actor=candidate)
    # Until the deadline every document may change (R-DOSSIER-1); after it, only these.
    during_session.move_to(AFTER_DEADLINE)
    application = fresh(application)
    late = services.document_upload(
        application=application,
        document_type=document_type(session_2021, "diploma"),
        uploaded_file=pdf_file("diplome.pdf"),
        actor=candidate,
    )
    assert late.late
    with pytest.raises(services.DossierError):
        services.document_upload(
            application=application,
            document_type=document_type(session_2021, "cv"),
            uploaded_file=pdf_file("cv2.pdf"),
            actor=candidate,
        )


def test_R_DOSSIER_4_no_late_documents_when_the_title_was_obtained(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, in_progress=False)
    pay(application, candidate)
    services.application_submit(application=application, actor=candidate)
    during_session.move_to(AFTER_DEADLINE)
    with pytest.raises(services.DossierError):
        services.document_upload(
            application=fresh(application),
            document_type=document_type(session_2021, "diploma"),
            uploaded_file=pdf_file("diplome.pdf"),
            actor=candidate,
        )


def test_a_file_sent_by_the_page_script_is_answered_without_a_page(
    session_2021, candidate, during_session, login
):
    """Issue 16: documents.js sends each chosen file on its own request (its progress bar):
    204 when received, 400 with the page and its reason when not; the message waits for the
    one reload."""
    application = fill_dossier(candidate, session_2021, documents=False)
    client = login(candidate)
    cv, letter = document_type(session_2021, "cv"), document_type(session_2021, "cover_letter")
    script = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    for kind in (cv, letter):
        url = reverse("candidates:document_upload", args=[2021, kind.pk])
        response = client.post(url, {f"doc{kind.pk}-file": pdf_file(f"{kind.code}.pdf")}, **script)
        assert response.status_code == 204 and not response.content
    page = client.get(reverse("candidates:documents", args=[2021])).content.decode()
    assert f"« {cv.name} » reçu." in page and f"« {letter.name} » reçu." in page
    assert 'src="/static/js/documents.js"' in page and "data-upload-all" in page
    refused = client.post(
        reverse("candidates:document_upload", args=[2021, cv.pk]),
        {f"doc{cv.pk}-file": pdf_file("empty.pdf", b"")},
        **script,
    )
    assert refused.status_code == 400 and f'id="id_doc{cv.pk}-file_error"' in refused.content.decode()
    assert sorted(d.original_name for d in fresh(application).current_documents) == [
        "cover_letter.pdf",
        "cv.pdf",
    ]


def test_R_DOSSIER_2_the_candidate_reads_required_asked_or_optional_as_the_school_set_it(
    session_2021, candidate, during_session, login, client
):
    """Issue 16: "Asked: always" with "indispensable" unticked read "optional" to the candidate.
    One mark made of both settings: required (indispensable), asked (asked of everyone, the
    dossier is examined without it), optional."""
    letter = document_type(session_2021, "cover_letter")
    letter.condition, letter.indispensable = DocumentCondition.OPTIONAL, False
    letter.save()
    fill_dossier(candidate, session_2021, documents=False)
    login(candidate)

    page = client.get(reverse("candidates:documents", args=[session_2021.year])).content.decode()

    def mark(code):
        heading = page.split(f'data-testid="doc-{code}"', 1)[1].split("</h2>", 1)[0]
        return heading.rsplit('class="badge', 1)[1].split(">", 1)[1].split("<", 1)[0]

    assert mark("cv") == "obligatoire"
    assert mark("diploma") == "demandée"
    assert "Le jury attend cette pièce" in page
    assert mark("cover_letter") == "facultatif"
    # The file field itself carries no "required" star: the badge says what is required.
    assert "asteriskField" not in page


def test_a_send_without_a_file_is_refused_in_words(session_2021, candidate, during_session, login, client):
    fill_dossier(candidate, session_2021, documents=False)
    cv = document_type(session_2021, "cv")
    login(candidate)
    response = client.post(
        reverse("candidates:document_upload", args=[session_2021.year, cv.pk]), {}, follow=True
    )
    assert "Choisissez un fichier à envoyer." in response.content.decode()
    assert not Document.objects.filter(document_type=cv).exists()


def test_an_optional_document_cannot_be_indispensable(session_2021):
    cv = document_type(session_2021, "cv")
    cv.condition = DocumentCondition.OPTIONAL
    with pytest.raises(ValidationError) as refused:
        cv.full_clean()
    assert "indispensable" in refused.value.message_dict
