"""Job sheets, the school's review, places, admission and contract (R-CFA-2..4,
R-ADMIT-1..3, R-DOSSIER-4, R-SESSION-2), through the real services and pages."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from admissions.services import extra_places_open
from apprenticeship.enums import BlockVerdict, JobSheetState, ReviewDecision
from apprenticeship.models import JobSheet, JobSheetVersion
from apprenticeship.services.contracts import contract_record, diploma_proof_verify, wish_admit
from apprenticeship.services.job_sheets import JobSheetError, job_sheet_review, job_sheet_signed_token
from apprenticeship.services.places import job_sheet_register
from candidates.enums import WishState
from candidates.models import Wish
from candidates.services import wish_withdraw
from core.models import AuditEntry
from notifications.models import OutboxMessage
from tests.apprenticeship.job_sheet_factories import (
    BAD_SIRET,
    admissible_wish,
    approved_sheet,
    bat_intake,
    contract_dates,
    form_data,
    framework,
    invited_sheet,
    late_documents,
    pdf_upload,
    sent_sheet,
    verdicts,
)


@pytest.fixture
def intake(session_2021):
    return bat_intake(session_2021)


@pytest.fixture
def blocks(intake):
    return framework(intake.program)


@pytest.fixture
def wish(intake, personas):
    return admissible_wish(intake, candidate=personas.candidate_a)


def _link(message):
    return re.search(r"https?://\S+/cfa/employeur/\S+/", message.body_text).group(0)


def _path(link):
    return link[link.index("/cfa/") :]


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- the candidate invites, the employer fills -------------------------------------------


def test_R_CFA_2_candidate_invites_an_employer_who_fills_the_sheet_through_the_link(
    wish, blocks, personas, login, client
):
    page = login(personas.candidate_a).get(reverse("candidates:home"))
    assert "Invite an employer" in page.content.decode() or "Inviter un employeur" in page.content.decode()
    response = client.post(
        reverse("apprenticeship:wish_employers", args=[wish.pk]),
        {"employer_name": "Mme RH", "employer_email": "RH@Batisseurs.example"},
    )
    assert response.status_code == 302
    sheet = JobSheet.objects.get(wish=wish)
    assert sheet.state == JobSheetState.INVITED and sheet.employer_email == "rh@batisseurs.example"
    invitation = OutboxMessage.objects.get(template_key="job_sheet.invite")
    assert invitation.recipient_email == "rh@batisseurs.example"
    path = _path(_link(invitation))

    client.logout()  # the employer has no account
    page = client.get(path)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    # Autosave keeps the draft as typed, even incomplete.
    saved = client.post(path + "brouillon/", {"company_name": "Bâtisseurs", "siret": "123"})
    assert saved.json() == {"saved": True}
    sheet = fresh(sheet)
    assert sheet.state == JobSheetState.FILLING and sheet.company_name == "Bâtisseurs"
    # Sent complete: a version is kept, the candidate is told.
    response = client.post(path, {**form_data(blocks), "action": "send"})
    assert response.status_code == 200
    sheet = fresh(sheet)
    assert sheet.state == JobSheetState.SENT
    assert sheet.missions["B1"]["missions"] == "Missions B1"
    assert JobSheetVersion.objects.filter(sheet=sheet).count() == 1
    assert OutboxMessage.objects.filter(
        template_key="job_sheet.sent", recipient_email=personas.candidate_a.email
    )
    assert client.get(path.replace("/employeur/", "/employeur/") + "fiche.pdf").content.startswith(b"%PDF")
    # The candidate follows the state on the home page.
    home = login(personas.candidate_a).get(reverse("candidates:home")).content.decode()
    assert str(JobSheetState.SENT.label) in home or "Sent to the school" in home or "Envoyée" in home


def test_R_CFA_2_not_admissible_choice_cannot_invite(intake, personas):
    wish = admissible_wish(intake, candidate=personas.candidate_a)
    Wish.objects.filter(pk=wish.pk).update(state=WishState.PRE_ADMISSIBLE)
    with pytest.raises(JobSheetError) as error:
        invited_sheet(fresh(wish))
    assert error.value.code == "not_admissible"


def test_R_CFA_2_candidate_invites_several_employers_in_parallel_and_the_same_one_gets_a_fresh_link(wish):
    first = invited_sheet(wish, email="a@one.example")
    invited_sheet(wish, email="b@two.example")
    again = invited_sheet(wish, email="A@one.example")  # a lost e-mail, an expired link
    assert again.pk == first.pk
    assert JobSheet.objects.filter(wish=wish).count() == 2
    assert (
        OutboxMessage.objects.filter(template_key="job_sheet.invite", recipient_email="a@one.example").count()
        == 2
    )


def test_R_CFA_2_employer_link_expired_tampered_or_of_another_candidate(intake, blocks, personas, client):
    wish_a = admissible_wish(intake, candidate=personas.candidate_a)
    wish_b = admissible_wish(intake, candidate=personas.candidate_b)
    invited_sheet(wish_a, email="same@employer.example")
    invited_sheet(wish_b, email="same@employer.example")
    links = [
        _path(_link(m)) for m in OutboxMessage.objects.filter(template_key="job_sheet.invite").order_by("pk")
    ]
    assert links[0] != links[1]
    page_a = client.get(links[0]).content.decode()
    assert personas.candidate_a.last_name in page_a and personas.candidate_b.last_name not in page_a
    # A link forged from another sheet's token: unknown.
    token = links[0].split("/")[-2]
    assert client.get(reverse("apprenticeship:employer_sheet", args=[token[:-2] + "xx"])).status_code == 404
    assert client.post(reverse("apprenticeship:employer_autosave", args=[token + "x"]), {}).status_code == 404
    # Expired: a clear page, nothing saved.
    with time_machine.travel(timezone.now() + dt.timedelta(days=61), tick=False):
        expired = client.get(links[0])
        assert expired.status_code == 410
        assert "expired" in expired.content.decode() or "expiré" in expired.content.decode()
        assert client.post(links[0] + "brouillon/", {"company_name": "X"}).status_code == 410
    assert JobSheet.objects.get(wish=wish_a).company_name == ""


def test_R_CFA_2_siret_that_fails_its_checksum_is_refused_and_nothing_is_lost(wish, blocks, client):
    sheet = invited_sheet(wish)
    path = reverse("apprenticeship:employer_sheet", args=[_token(sheet)])
    response = client.post(path, {**form_data(blocks, siret=BAD_SIRET), "action": "send"})
    page = response.content.decode()
    assert "SIRET" in page and ("checksum" in page or "clé de contrôle" in page)
    assert "Missions B1" in page  # what was typed is shown again
    assert fresh(sheet).state == JobSheetState.INVITED
    # Saved as a draft, the same input is kept (checked only when sent).
    client.post(path, {**form_data(blocks, siret=BAD_SIRET), "action": "save"})
    assert fresh(sheet).siret == BAD_SIRET and fresh(sheet).state == JobSheetState.FILLING


def _token(sheet):
    return job_sheet_signed_token(sheet)


# --- the school's review ---------------------------------------------------------------------


def test_R_CFA_3_changes_asked_the_employer_corrects_every_version_kept(wish, blocks, personas, client):
    sheet = sent_sheet(wish)
    job_sheet_review(
        sheet=sheet,
        actor=personas.cfa,
        decision=ReviewDecision.CHANGES,
        comment="Précisez la progression en 3e année.",
        verdicts={blocks[0].pk: (BlockVerdict.FITS, ""), blocks[1].pk: (BlockVerdict.PARTLY, "Trop vague")},
    )
    assert fresh(sheet).state == JobSheetState.CHANGES_ASKED
    decisions = OutboxMessage.objects.filter(template_key="job_sheet.decision")
    assert {m.recipient_email for m in decisions} == {personas.candidate_a.email, sheet.employer_email}
    to_employer = decisions.get(recipient_email=sheet.employer_email)
    assert "Précisez la progression" in to_employer.body_text
    path = _path(_link(to_employer))
    page = client.get(path).content.decode()
    assert "Trop vague" in page
    client.post(path, {**form_data(blocks, working_hours="39 h"), "action": "send"})
    assert fresh(sheet).state == JobSheetState.SENT
    versions = list(JobSheetVersion.objects.filter(sheet=sheet).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert (
        versions[0].content["working_hours"] == "35 h par semaine"
        and versions[1].content["working_hours"] == "39 h"
    )
    job_sheet_review(
        sheet=sheet,
        actor=personas.cfa,
        decision=ReviewDecision.APPROVE,
        comment="",
        verdicts=verdicts(blocks),
    )
    assert fresh(sheet).state == JobSheetState.APPROVED and fresh(sheet).approved_at
    assert AuditEntry.objects.filter(action="apprenticeship.job_sheet_review").count() == 2


def test_R_CFA_3_every_block_judged_and_a_refusal_gives_its_reason(wish, blocks, personas):
    sheet = sent_sheet(wish)
    with pytest.raises(JobSheetError, match="chaque bloc : B2"):
        job_sheet_review(
            sheet=sheet,
            actor=personas.cfa,
            decision="approve",
            comment="",
            verdicts={blocks[0].pk: ("fits", "")},
        )
    with pytest.raises(JobSheetError) as error:
        job_sheet_review(
            sheet=sheet, actor=personas.cfa, decision="refuse", comment=" ", verdicts=verdicts(blocks)
        )
    assert error.value.code == "reason"
    job_sheet_review(
        sheet=sheet,
        actor=personas.cfa,
        decision="refuse",
        comment="Missions sans lien",
        verdicts=verdicts(blocks),
    )
    sheet = fresh(sheet)
    assert sheet.state == JobSheetState.REFUSED and sheet.refusal_reason == "Missions sans lien"


def test_R_CFA_3_sheet_edited_after_approval_is_refused_with_a_message(wish, blocks, personas, client):
    sheet = approved_sheet(wish, personas.cfa)
    path = reverse("apprenticeship:employer_sheet", args=[_token(sheet)])
    page = client.post(path, {**form_data(blocks, company_name="Autre"), "action": "send"}).content.decode()
    assert "can no longer be changed" in page or "ne peut plus être modifiée" in page
    assert client.post(path + "brouillon/", {"company_name": "Autre"}).status_code == 409
    sheet = fresh(sheet)
    assert sheet.company_name == "Bâtisseurs du Gard" and sheet.state == JobSheetState.APPROVED


def test_R_CFA_3_program_head_reviews_through_the_page(wish, blocks, personas, login):
    sheet = sent_sheet(wish)
    client = login(personas.jury_x)  # sits on BAT's jury
    assert client.get(reverse("apprenticeship:sheet", args=[sheet.pk])).status_code == 200
    data = {"decision": "approve", "comment": ""}
    for block in blocks:
        data[f"block_{block.pk}_verdict"] = "fits"
    client.post(reverse("apprenticeship:sheet_review", args=[sheet.pk]), data)
    assert fresh(sheet).state == JobSheetState.APPROVED
    # The program head of another program does not see it.
    assert login(personas.jury_y).get(reverse("apprenticeship:sheet", args=[sheet.pk])).status_code == 404


# --- registration and places -----------------------------------------------------------------


def test_R_CFA_4_registering_takes_one_place_and_twice_is_refused(wish, personas, login):
    sheet = approved_sheet(wish, personas.cfa)
    client = login(personas.cfa)
    url = reverse("apprenticeship:sheet_register", args=[sheet.pk])
    client.post(url)
    second = client.post(url, follow=True).content.decode()  # a second tab
    assert "already registered" in second or "déjà enregistrée" in second
    assert JobSheet.objects.filter(intake=wish.intake, state=JobSheetState.REGISTERED).count() == 1
    assert fresh(wish).state == WishState.PLACED


def test_R_ADMIT_2_full_intake_the_sheet_waits_extra_places_let_the_first_waiting_in(session_2021, personas):
    intake = bat_intake(session_2021)
    intake.places = 1
    intake.save()
    sheets = [
        approved_sheet(admissible_wish(intake), personas.cfa, email=f"e{n}@x.example") for n in range(3)
    ]
    assert job_sheet_register(sheet=sheets[0], actor=personas.cfa) is True
    assert job_sheet_register(sheet=sheets[2], actor=personas.cfa) is False
    assert job_sheet_register(sheet=sheets[1], actor=personas.cfa) is False
    assert [fresh(s).state for s in sheets] == ["registered", "waiting", "waiting"]
    told = OutboxMessage.objects.filter(template_key="job_sheet.waiting")
    assert {m.recipient_email for m in told} >= {
        "cfa@example.org",
        sheets[1].wish.application.candidate.email,
    }
    # One extra place: the first approved waiting sheet (sheets[1]) gets in, never more.
    extra_places_open(intake=intake, count=1, opened_by=personas.admin, reason="Désistement")
    assert [fresh(s).state for s in sheets] == ["registered", "registered", "waiting"]
    assert fresh(sheets[1].wish).state == WishState.PLACED


def test_R_ADMIT_2_a_withdrawn_placed_choice_gives_its_place_to_the_first_waiting(session_2021, personas):
    intake = bat_intake(session_2021)
    intake.places = 1
    intake.save()
    first, second = (
        approved_sheet(admissible_wish(intake), personas.cfa, email=f"e{n}@x.example") for n in range(2)
    )
    job_sheet_register(sheet=first, actor=personas.cfa)
    job_sheet_register(sheet=second, actor=personas.cfa)
    wish_withdraw(wish=fresh(first.wish), actor=first.wish.application.candidate)
    assert fresh(first).state == JobSheetState.CLOSED
    assert fresh(second).state == JobSheetState.REGISTERED
    assert JobSheet.objects.filter(intake=intake, state=JobSheetState.REGISTERED).count() == 1


# --- admission and contract ------------------------------------------------------------------


def test_R_ADMIT_2_no_admission_without_the_diploma_proof(session_2021, intake, personas, login):
    wish = admissible_wish(intake, candidate=personas.candidate_a, title_in_progress=True)
    sheet = approved_sheet(wish, personas.cfa)
    job_sheet_register(sheet=sheet, actor=personas.cfa)
    client = login(personas.cfa)
    page = client.post(reverse("apprenticeship:admit", args=[sheet.pk]), follow=True).content.decode()
    assert "diploma" in page or "diplôme" in page
    assert fresh(wish).state == WishState.PLACED
    with pytest.raises(JobSheetError) as error:
        diploma_proof_verify(application=wish.application, actor=personas.cfa)
    assert error.value.code == "missing"
    late_documents(wish.application, session_2021)
    client.post(reverse("apprenticeship:diploma_verify", args=[sheet.pk]))
    client.post(reverse("apprenticeship:admit", args=[sheet.pk]))
    assert fresh(wish).state == WishState.ADMITTED
    assert OutboxMessage.objects.filter(template_key="apprenticeship.admitted").count() == 1


def test_R_ADMIT_3_no_admission_without_a_host_company(wish, personas):
    Wish.objects.filter(pk=wish.pk).update(state=WishState.PLACED)  # whatever the path
    with pytest.raises(JobSheetError) as error:
        wish_admit(wish=fresh(wish), actor=personas.cfa)
    assert error.value.code == "no_company"
    with pytest.raises(JobSheetError):
        contract_record(
            wish=fresh(wish), actor=personas.cfa, uploaded_file=pdf_upload(), **contract_dates_today()
        )


def contract_dates_today():
    today = timezone.localdate()
    return {
        "signed_on": today,
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=700),
        "cerfa_number": "1",
    }


def test_R_ADMIT_3_contract_before_approval_refused_then_enrolled_other_choices_withdrawn(
    session_2021, intake, personas, login
):
    wish = admissible_wish(intake, candidate=personas.candidate_a)
    other_intake = bat_intake(session_2021, "infres")
    other_intake.places = 0
    other_intake.save()
    other = Wish.objects.create(application=wish.application, intake=other_intake, state=WishState.ADMISSIBLE)
    sheet = approved_sheet(wish, personas.cfa)
    job_sheet_register(sheet=sheet, actor=personas.cfa)
    wish_admit(wish=wish, actor=personas.cfa)
    # Another candidate waits for the other intake's only place, held by ours.
    other_intake.places = 1
    other_intake.save()
    mine = approved_sheet(other, personas.cfa, email="other@co.example")
    job_sheet_register(sheet=mine, actor=personas.cfa)
    waiting = approved_sheet(admissible_wish(other_intake), personas.cfa, email="w@co.example")
    assert job_sheet_register(sheet=waiting, actor=personas.cfa) is False
    # Hmm: `other` is placed now, so enrolment in `wish` must give its place back.
    assert fresh(other).state == WishState.PLACED

    client = login(personas.cfa)
    url = reverse("apprenticeship:contract_new", args=[sheet.pk])
    early = contract_dates(sheet, days_after=-2)
    response = client.post(url, {**early, "file": pdf_upload()})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert (
        "before the job sheet's approval" in page
        or "avant l’approbation" in page
        or "avant l'approbation" in page
    )
    assert fresh(wish).state == WishState.ADMITTED and not hasattr(fresh(wish), "contract_cache")

    client.post(url, {**contract_dates(sheet), "file": pdf_upload()})
    assert fresh(wish).state == WishState.ENROLLED
    assert fresh(other).state == WishState.WITHDRAWN
    assert fresh(mine).state == JobSheetState.CLOSED
    assert fresh(waiting).state == JobSheetState.REGISTERED  # the place went back, the waiting sheet moved on
    contract = fresh(wish).contract
    assert contract.employer_siret == sheet.siret and contract.cerfa_number == "030202100001234"
    file_response = client.get(reverse("apprenticeship:contract_file", args=[contract.pk]))
    assert file_response.status_code == 200
    assert OutboxMessage.objects.filter(template_key="apprenticeship.enrolled").count() == 1


def test_R_CFA_4_two_employers_approved_for_one_choice_one_place_only(wish, personas):
    """Rule: R-CFA-4 — the candidate asked two employers in parallel; once one sheet is
    registered the other is closed, and registering it is refused: one place per choice."""
    first = approved_sheet(wish, personas.cfa, email="one@co.example")
    second = approved_sheet(wish, personas.cfa, email="two@co.example")
    assert job_sheet_register(sheet=first, actor=personas.cfa) is True
    assert fresh(second).state == JobSheetState.CLOSED
    with pytest.raises(JobSheetError) as error:
        job_sheet_register(sheet=second, actor=personas.cfa)
    assert error.value.code == "not_approved"
    assert JobSheet.objects.filter(wish=wish, state=JobSheetState.REGISTERED).count() == 1
