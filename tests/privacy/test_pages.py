"""The candidate's data page and account deletion, the privacy notice (footer, consent step),
the admin's retention page (dry run) and the register of processing."""

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from admissions.models import Campaign
from candidates.enums import WishState
from candidates.models import Application, Wish
from core.models import AuditEntry
from core.retention import count_display
from notifications.models import OutboxMessage
from payments.models import Payment
from privacy import services
from privacy.categories import DOCUMENTS, DOSSIERS
from privacy.models import Hold
from tests.candidates.factories import OPEN_TIME, fill_dossier, pay
from tests.privacy.conftest import audit_rule_save

pytestmark = pytest.mark.django_db


def _dossier(user, campaign, state):
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(user, campaign)
        pay(application, user)
    Wish.objects.filter(application=application).update(state=state)
    return application


def test_deletion_is_refused_while_an_application_is_open(session_2021, personas, login):
    user = personas.candidate_a
    _dossier(user, session_2021, WishState.SUBMITTED)
    client = login(user)
    page = client.get(reverse("privacy:account_delete")).content.decode()
    assert "An application is still open: withdraw it first, then delete your account." in page
    response = client.post(reverse("privacy:account_delete"), {"confirm": "on"}, follow=True)
    assert "withdraw it first" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    with pytest.raises(services.DeletionRefused):
        services.account_delete(user=user)


def test_deletion_explains_then_deletes_keeps_payments_anonymised_and_confirms_by_email(
    session_2021, personas, login, django_capture_on_commit_callbacks
):
    user = personas.candidate_a
    application = _dossier(user, session_2021, WishState.WITHDRAWN)
    files = [d.file.name for d in application.documents.all()]
    client = login(user)
    page = client.get(reverse("privacy:account_delete")).content.decode()
    assert "5 documents and their files" in page
    assert "1 payment of processing fees, without your name" in page
    assert "until 15 February 2031" in page or "15 février 2031" in page
    # Without the confirmation box: nothing happens.
    assert client.post(reverse("privacy:account_delete"), {}).status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:account_delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Application.objects.filter(candidate_id=user.pk).exists()
    payment = Payment.objects.get()
    assert payment.application.candidate.email.endswith("@erased.invalid")
    assert payment.application.phone == "" and payment.amount > 0
    assert files and not any(default_storage.exists(f) for f in files)
    confirmation = OutboxMessage.objects.get(template_key="privacy.account_deleted")
    assert confirmation.recipient_email == "candidate.a@example.org"
    entry = AuditEntry.objects.get(action="privacy.account_delete")
    assert entry.after["counts"]["documents"] == 5
    assert "candidate.a@example.org" not in str(entry.after) + entry.object_repr + entry.actor_label


def test_deletion_of_an_account_without_dossier(session_2021, personas, login):
    user = personas.candidate_a
    login(user).post(reverse("privacy:account_delete"), {"confirm": "on"})
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_held_dossier_refuses_deletion(session_2021, personas):
    application = _dossier(personas.candidate_a, session_2021, WishState.REJECTED)
    Hold.objects.create(application=application, reason="Appeal", ends_on=dt.date(2099, 1, 1))
    with pytest.raises(services.DeletionRefused, match="dispute"):
        services.account_delete(user=personas.candidate_a)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Privacy notice", "24 months after the end of the session", "Test providers"]),
        ("fr", ["Politique de confidentialité", "24 mois après", "Prestataires des épreuves"]),
    ],
)
def test_the_privacy_notice_is_generated_from_the_rules_in_force(
    session_2021, client, settings, language, words
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for word in words:
        assert word in page, word
    audit_rule_save(duration=48)
    page = client.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "48" in page


def test_every_page_links_the_privacy_notice_in_its_footer(session_2021, client):
    for url in (reverse("admissions:home"), reverse("account_login")):
        page = client.get(url).content.decode()
        footer = page[page.index("<footer") :]
        assert reverse("privacy:notice") in footer


def test_the_consent_step_links_the_privacy_notice(session_2021, personas, login):
    with time_machine.travel(OPEN_TIME, tick=True):
        page = login(personas.candidate_a).get(reverse("candidates:consents", args=[2021])).content.decode()
    assert reverse("privacy:notice") in page[: page.index("<footer")]


def test_the_admin_dry_run_page_announces_tonights_purge(session_2021, personas, login):
    _dossier(personas.candidate_a, session_2021, WishState.WITHDRAWN)
    with time_machine.travel(dt.datetime(2021, 10, 20, 18, tzinfo=dt.UTC), tick=False):
        page = login(personas.admin).get(reverse("privacy:retention")).content.decode()
    assert "Dossier of a withdrawn, voided or never submitted application" in page.split("Rules in force")[0]
    assert "5 documents" in page and "<li>1 dossier</li>" in page  # singular and plural
    with time_machine.travel(dt.datetime(2021, 10, 19, 18, tzinfo=dt.UTC), tick=False):
        page = login(personas.admin).get(reverse("privacy:retention")).content.decode()
    assert "Nothing is due tonight." in page


def test_the_admin_runs_the_purge_and_a_second_run_says_it_already_ran(session_2021, personas, login):
    client = login(personas.admin)
    with time_machine.travel(dt.datetime(2021, 10, 21, 10, tzinfo=dt.UTC), tick=False):
        client.post(reverse("privacy:purge_run"))
        page = client.post(reverse("privacy:purge_run"), follow=True).content.decode()
    assert "The purge already ran this night" in page


def test_the_retention_page_query_count_is_flat(session_2021, personas, login):
    client = login(personas.admin)
    application = _dossier(personas.candidate_a, session_2021, WishState.SUBMITTED)
    Hold.objects.create(application=application, reason="x", ends_on=dt.date(2099, 1, 1))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("privacy:retention"))
    for email in ("h1@example.org", "h2@example.org", "h3@example.org"):
        other = _dossier(User.objects.create_user(email), session_2021, WishState.SUBMITTED)
        Hold.objects.create(application=other, reason="x", ends_on=dt.date(2099, 1, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("privacy:retention"))
    assert len(one.captured_queries) == len(many.captured_queries)


def test_the_register_of_processing_page_and_pdf(session_2021, personas, login):
    client = login(personas.admin)
    page = client.get(reverse("privacy:register")).content.decode()
    assert "Register of processing (GDPR art. 30)" in page
    assert "L123-22" in page
    response = client.get(reverse("privacy:register_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_a_rule_whose_date_the_session_lacks_waits_and_the_admin_is_told(session_2021, personas, login):
    Campaign.objects.filter(pk=session_2021.pk).update(classes_start_on=None)
    application = _dossier(personas.candidate_a, session_2021, WishState.ENROLLED)
    page = login(personas.admin).get(reverse("privacy:retention")).content.decode()
    assert "These rules wait: the session does not have the date they are counted from yet." in page
    assert (
        "Admission dossier of an enrolled apprentice – Session 2021: start of classes of the session" in page
    )
    with time_machine.travel(dt.datetime(2040, 1, 1, 10, tzinfo=dt.UTC), tick=False):
        services.purge_run()
    assert application.documents.count() == 5


def test_the_admin_places_a_hold_and_a_past_end_date_is_refused(session_2021, personas, login):
    application = _dossier(personas.candidate_a, session_2021, WishState.REJECTED)
    client = login(personas.admin)
    url = reverse("admin:privacy_hold_add")
    data = {
        "application": application.pk,
        "reason": "Appeal to the administrative court",
        "ends_on": "2000-01-01",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "The end date of a hold cannot be in the past." in page.content.decode()
    data["ends_on"] = "2099-01-01"
    assert client.post(url, data).status_code == 302
    hold = Hold.objects.get()
    assert hold.created_by == personas.admin and hold.ends_on == dt.date(2099, 1, 1)
    assert AuditEntry.objects.filter(action="privacy.hold_create", reason=data["reason"]).exists()


def test_the_purge_counts_read_singular_or_plural_in_each_language():
    assert count_display(DOSSIERS, 1) == "1 dossier" and count_display(DOCUMENTS, 2) == "2 documents"
    with translation.override("fr"):
        assert count_display(DOSSIERS, 1) == "1 dossier" and count_display(DOSSIERS, 0) == "0 dossier"
        assert count_display(DOCUMENTS, 1) == "1 pièce" and count_display(DOCUMENTS, 3) == "3 pièces"
    assert count_display("widgets", 2) == "2 widgets"  # a kind no app declares any more
