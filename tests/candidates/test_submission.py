"""Submission (R-DOSSIER-1..3): complete, paid, before the deadline, once."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from candidates import services
from candidates.enums import AuditAction, WishState
from candidates.models import Application
from candidates.selectors import dossier_completeness
from core.models import AuditEntry
from tests.candidates.factories import AFTER_DEADLINE, fill_dossier, fresh, intake, pay, upload_required

pytestmark = pytest.mark.django_db(transaction=False)


def test_R_DOSSIER_1_complete_paid_dossier_is_submitted_with_reference(
    session_2021, candidate, during_session, django_capture_on_commit_callbacks
):
    application = fill_dossier(candidate, session_2021, programs=("bat", "infres"))
    pay(application, candidate)
    with django_capture_on_commit_callbacks(execute=True):
        submitted, created = services.application_submit(application=application, actor=candidate)
    assert created
    assert submitted.reference == f"IMTMA-2021-{application.pk:06d}"
    assert submitted.submitted_at is not None
    assert {w.state for w in fresh(application).wishes.all()} == {WishState.SUBMITTED}
    assert AuditEntry.objects.filter(action=AuditAction.APPLICATION_SUBMIT).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.WISH_SUBMIT).count() == 2


def test_R_DOSSIER_3_acknowledgment_email_carries_pdf_receipt(
    session_2021, candidate, during_session, django_capture_on_commit_callbacks, mailbox
):
    application = fill_dossier(candidate, session_2021)
    pay(application, candidate)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.application_submit(application=application, actor=candidate)
    # the acknowledgment is queued by a task after commit; run nested on-commit callbacks too
    for _round in range(3):
        if not callbacks:
            break
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            pass
    ack = [m for m in mailbox() if m.template_key == "dossier.acknowledgment"]
    assert len(ack) == 1
    submitted = Application.objects.get(pk=application.pk)
    assert submitted.reference in ack[0].subject
    # The date in the recipient's language (French here), Paris time: "9 mars 2021 10:00".
    with translation.override("fr"):
        submitted_on = date_format(timezone.localtime(submitted.submitted_at), "DATETIME_FORMAT")
    assert f"déposé le {submitted_on} (heure de Paris)" in ack[0].body_text
    attachment = ack[0].attachments.get()
    assert attachment.filename == f"{submitted.reference}.pdf"
    assert bytes(attachment.content).startswith(b"%PDF")
    assert attachment.mimetype == "application/pdf"


def test_R_DOSSIER_2_incomplete_dossier_cannot_be_submitted(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, documents=False)
    pay(application, candidate)
    with pytest.raises(services.DossierIncomplete) as error:
        services.application_submit(application=application, actor=candidate)
    codes = {t.code for t in error.value.completeness.missing_documents}
    assert {"identity", "cv", "cover_letter", "transcripts", "bac"} <= codes
    assert "diploma" not in codes  # not indispensable
    assert Application.objects.get(pk=application.pk).submitted_at is None


def test_unpaid_dossier_cannot_be_submitted(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021)
    completeness = dossier_completeness(fresh(application))
    assert completeness.owed == Decimal("77.00")
    with pytest.raises(services.DossierIncomplete):
        services.application_submit(application=application, actor=candidate)


def test_R_TEST_6_both_consents_required_to_submit(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, consents=False)
    pay(application, candidate)
    services.application_consents_update(
        application=application, actor=candidate, share=True, recording=False
    )
    with pytest.raises(services.DossierIncomplete):
        services.application_submit(application=application, actor=candidate)
    services.application_consents_update(application=application, actor=candidate, share=True, recording=True)
    application = fresh(application)
    assert application.consent_share_at and application.consent_recording_at
    _submitted, created = services.application_submit(application=application, actor=candidate)
    assert created


def test_R_DOSSIER_6_a_referee_is_required_to_submit(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021, referee=False)
    pay(application, candidate)
    with pytest.raises(services.DossierIncomplete):
        services.application_submit(application=application, actor=candidate)


def test_R_DOSSIER_6_second_year_appraisals_are_optional_notice_5_2(
    session_2021, candidate, during_session, django_capture_on_commit_callbacks
):
    """Notice §5.2 (2nd year): the jury judges the appraisals "if they are provided", so a
    dossier with only 2nd-year wishes may be submitted without naming a referee."""
    year2 = intake(session_2021, "bat", "year_2")
    application = fill_dossier(
        candidate,
        session_2021,
        programs=(),
        referee=False,
        ects=240,
        title=year2.eligible_titles.get(kind="master_1"),
        documents=False,
    )
    services.wish_add(application=application, intake=year2, actor=candidate)
    upload_required(application, candidate)
    pay(application, candidate)
    with django_capture_on_commit_callbacks(execute=True):
        submitted, created = services.application_submit(application=fresh(application), actor=candidate)
    assert created and submitted.reference


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (dt.datetime(2021, 3, 9, 23, 59, 59), True),
        (dt.datetime(2021, 3, 10, 0, 0, 0), False),
    ],
)
def test_R_SESSION_3_deadline_is_midnight_paris_time(session_2021, candidate, moment, accepted):
    """Rule: R-DOSSIER-1 — 2021-03-09 23:59:59 Paris accepted, 2021-03-10 00:00:00 refused."""
    with time_machine.travel(dt.datetime(2021, 3, 1, 12, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        application = fill_dossier(candidate, session_2021)
        pay(application, candidate)
    with time_machine.travel(moment.replace(tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        if accepted:
            _app, created = services.application_submit(application=fresh(application), actor=candidate)
            assert created
        else:
            with pytest.raises(services.DossierError) as error:
                services.application_submit(application=fresh(application), actor=candidate)
            assert error.value.code == "closed"
            assert "09/03/2021" in error.value.message
            assert Application.objects.get(pk=application.pk).submitted_at is None


def test_late_submission_through_the_page_shows_a_clear_message(session_2021, candidate, login):
    with time_machine.travel(dt.datetime(2021, 3, 1, 12, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        application = fill_dossier(candidate, session_2021)
        pay(application, candidate)
    with time_machine.travel(dt.datetime(2021, 3, 10, 0, 0, 1, tzinfo=ZoneInfo("Europe/Paris")), tick=False):
        client = login(candidate)
        response = client.post(reverse("candidates:review", args=[2021]), follow=True)
    assert (
        "Les candidatures sont closes : la date limite était le 09/03/2021 à minuit"
        in response.content.decode()
    )
    assert Application.objects.get(pk=application.pk).submitted_at is None


def test_submitting_twice_submits_once(session_2021, candidate, during_session, login):
    """Two tabs / a double click: the second POST changes nothing and says so."""
    application = fill_dossier(candidate, session_2021)
    pay(application, candidate)
    client = login(candidate)
    first = client.post(reverse("candidates:review", args=[2021]), follow=True)
    second = client.post(reverse("candidates:review", args=[2021]), follow=True)
    assert first.status_code == second.status_code == 200
    submitted = Application.objects.get(pk=application.pk)
    assert submitted.reference
    assert AuditEntry.objects.filter(action=AuditAction.APPLICATION_SUBMIT).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.WISH_SUBMIT).count() == 1
    assert submitted.reference in second.content.decode()
    _app, created = services.application_submit(application=submitted, actor=candidate)
    assert created is False


def test_submitted_dossier_is_read_only(session_2021, candidate, during_session):
    application = fill_dossier(candidate, session_2021)
    pay(application, candidate)
    services.application_submit(application=application, actor=candidate)
    application = fresh(application)
    with pytest.raises(services.DossierError):
        services.application_path_update(
            application=application, actor=candidate, bac_series="S", bac_year=2017, path_since_bac="x"
        )
    # Its wishes and documents may change until the deadline (R-DOSSIER-1), no longer after.
    during_session.move_to(AFTER_DEADLINE)
    with pytest.raises(services.DossierError):
        services.wish_add(application=application, intake=intake(session_2021, "mkx"), actor=candidate)


def test_mail_outbox_is_django_mail_after_sending(
    session_2021, candidate, during_session, django_capture_on_commit_callbacks
):
    """The outbox really sends (locmem in tests) once the sender task runs."""
    application = fill_dossier(candidate, session_2021)
    pay(application, candidate)
    mail.outbox.clear()
    for _i in range(4):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            if _i == 0:
                services.application_submit(application=application, actor=candidate)
        if not callbacks:
            break
    subjects = [m.subject for m in mail.outbox]
    assert any("IMTMA-2021" in s for s in subjects)


def test_R_DOSSIER_3_a_lost_acknowledgment_task_is_queued_again_by_the_sweeper(
    session_2021, candidate, during_session, django_capture_on_commit_callbacks, mailbox
):
    """The broker lost the acknowledgment task (simulated: the on-commit callbacks of the
    submission are dropped); the periodic sweeper queues it again, once."""
    application = fill_dossier(candidate, session_2021)
    pay(application, candidate)
    with django_capture_on_commit_callbacks(execute=False):
        services.application_submit(application=application, actor=candidate)
    assert [m for m in mailbox() if m.template_key == "dossier.acknowledgment"] == []
    assert services.acknowledgments_sweep() == 0  # too early: the task may still be running
    during_session.shift(dt.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.acknowledgments_sweep() == 1
    ack = [m for m in mailbox() if m.template_key == "dossier.acknowledgment"]
    assert len(ack) == 1 and ack[0].attachments.get().filename.endswith(".pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.acknowledgments_sweep() == 0
    assert len([m for m in mailbox() if m.template_key == "dossier.acknowledgment"]) == 1
