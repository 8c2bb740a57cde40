"""Candidate home (timeline), withdrawal (R-FEES-3), data download (R-DATA-1)."""

import json

import pytest
from django.urls import reverse

from candidates import services
from candidates.enums import WishState
from candidates.fees import amount_owed, amount_paid, fee_total
from candidates.selectors import released_state
from privacy.services import export_build
from tests.candidates.factories import PDF, fill_dossier, fresh, pay, read_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, programs=("bat", "mkx"))
    pay(application, candidate)
    services.application_submit(application=application, actor=candidate)
    return fresh(application)


def test_home_shows_status_timeline_and_links(submitted, candidate, login):
    page = login(candidate).get(reverse("candidates:home")).content.decode()
    assert submitted.reference in page
    assert reverse("notifications:inbox") in page
    assert reverse("privacy:my_data") in page
    assert "30 mars 2021" in page  # file-review results date from the calendar
    assert "21 avril 2021" in page  # admissibility results
    assert page.count("<h1") == 1


def test_jury_decision_is_not_shown_before_its_release_date(submitted, candidate, login):
    wish = submitted.wishes.first()
    Wish = type(wish)
    Wish.objects.filter(pk=wish.pk).update(state=WishState.REJECTED)  # as stored by the jury, unreleased
    wish.refresh_from_db()
    assert released_state(wish, submitted.campaign) == WishState.UNDER_REVIEW


def test_R_FEES_3_withdrawing_a_wish_keeps_the_fee(submitted, candidate, login):
    paid = amount_paid(submitted)
    wish = submitted.wishes.first()
    client = login(candidate)
    confirm = client.get(reverse("candidates:wish_withdraw", args=[wish.pk]))
    assert "ne sont pas remboursés" in confirm.content.decode() or "not refunded" in confirm.content.decode()
    assert (
        client.post(reverse("candidates:wish_withdraw", args=[wish.pk]), {}).status_code == 200
    )  # must confirm
    response = client.post(reverse("candidates:wish_withdraw", args=[wish.pk]), {"confirm": "on"})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.state == WishState.WITHDRAWN
    application = fresh(submitted)
    assert amount_paid(application) == paid
    assert fee_total(application) == paid  # no credit, no refund
    assert amount_owed(application) == 0


def test_R_FEES_3_withdrawing_the_whole_dossier(
    submitted, candidate, login, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(candidate).post(reverse("candidates:withdraw_all", args=[2021]), {"confirm": "on"})
    assert response.status_code == 302
    assert {w.state for w in fresh(submitted).wishes.all()} == {WishState.WITHDRAWN}
    assert any(m.template_key == "dossier.withdrawn" for m in mailbox())


def test_R_DATA_1_download_my_data_zip(submitted, candidate, login):
    # The old address leads to the privacy app's page, where the download is prepared.
    response = login(candidate).get(reverse("candidates:data_export"))
    assert response.status_code == 302 and response["Location"] == reverse("privacy:my_data")
    archive = read_zip(export_build(candidate))
    data = json.loads(archive.read("data.json"))
    assert data["account"] == candidate.email
    application = data["sections"]["candidates.application"][0]
    assert application["reference"] == submitted.reference
    assert application["phone"] == "+33 6 12 34 56 78"
    assert len(data["sections"]["candidates.wish"]) == 2
    assert data["sections"]["payments.payment"][0]["state"] == "confirmed"
    files = [n for n in archive.namelist() if n.startswith("files/")]
    assert len(files) == 5
    assert archive.read(files[0]) == PDF


def test_data_download_holds_only_my_own(submitted, other_candidate, session_2021, during_session):
    fill_dossier(other_candidate, session_2021, documents=False)
    archive = read_zip(export_build(other_candidate))
    assert [n for n in archive.namelist() if n.startswith("files/")] == []
    assert submitted.reference not in archive.read("data.json").decode()


def test_receipt_pdf_download(submitted, candidate, login):
    response = login(candidate).get(reverse("candidates:receipt", args=[2021]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_submitted_dossier_steps_show_every_field_disabled_and_no_save_button(submitted, candidate, login):
    client = login(candidate)
    for name in ("candidates:identity", "candidates:path", "candidates:title", "candidates:scholarship"):
        response = client.get(reverse(name, args=[2021]))
        form = response.context["form"]
        assert all(field.disabled for field in form.fields.values()), name
        page = response.content.decode()
        assert 'id="id_' in page and " disabled" in page, name
        assert "Enregistrer</button>" not in page, name
