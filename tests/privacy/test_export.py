"""The complete data download (R-DATA-1): every model linked to a candidate is covered (exported
or excluded with a reason), the download holds the audit entries, login history, e-mails,
payments, released decisions and files, and is prepared in Celery, the candidate told."""

import datetime as dt
import io
import json
import time
import zipfile

import pytest
import time_machine
from axes.models import AccessLog
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from candidates import services as candidate_services
from candidates.enums import WishState
from candidates.models import Wish
from core.retention import personal_data
from jury.models import Decision
from notifications.models import OutboxMessage
from privacy import services
from privacy.models import DataExport
from tests.candidates.factories import OPEN_TIME, fill_dossier, pay, pdf_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TARGETS = {settings.AUTH_USER_MODEL.lower(), "candidates.application"}


def _links_to_a_candidate(model, depth=4, seen=()) -> bool:
    """A chain of foreign keys (or one-to-one) from `model` reaches the User or the Application."""
    if depth == 0:
        return False
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None or target in seen:
            continue
        if target._meta.label_lower in TARGETS:
            return True
        if _links_to_a_candidate(target, depth - 1, (*seen, model)):
            return True
    return False


def uncovered_models(registered: set[str]) -> list[str]:
    return sorted(
        model._meta.label_lower
        for model in apps.get_models()
        if (_links_to_a_candidate(model) or model._meta.label_lower in TARGETS)
        and model._meta.label_lower not in registered
    )


def test_R_DATA_1_every_model_linked_to_a_candidate_is_exported_or_excluded_with_a_reason():
    registered = {entry.model.lower() for entry in personal_data()}
    missing = uncovered_models(registered)
    assert not missing, (
        f"{missing}: hold data linked to a candidate but the data download does not cover them. Register "
        "each in your app's ready() with core.retention.register_personal_data(model, owner=…) or "
        "excluded='why'."
    )
    for entry in personal_data():
        apps.get_model(entry.model)  # no stale registration
        assert entry.excluded or entry.owner or entry.export or entry.model.lower() == "accounts.user"


def test_the_coverage_check_catches_a_model_left_out():
    registered = {entry.model.lower() for entry in personal_data()} - {"candidates.dossierchange"}
    assert uncovered_models(registered) == ["candidates.dossierchange"]


def _dossier(user, campaign):
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(user, campaign, programs=("bat", "infres", "mkx"))
        pay(application, user)
    return application


def _download(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:export_request")).status_code == 302
    export = DataExport.objects.get(user=user)
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_R_DATA_1_download_holds_everything_about_the_candidate_and_only_them(
    session_2021, personas, login, django_capture_on_commit_callbacks
):
    user = personas.candidate_a
    application = _dossier(user, session_2021)
    _dossier(personas.candidate_b, session_2021)
    wishes = list(application.wishes.order_by("pk"))
    Wish.objects.filter(pk=wishes[0].pk).update(state=WishState.REJECTED)
    Decision.objects.create(
        wish=wishes[0],
        kind="rejected",
        status="released",
        decided_by=personas.president,
        decided_at=OPEN_TIME,
        released_at=OPEN_TIME,
        comment="Internal note",
    )
    Decision.objects.create(
        wish=wishes[1], kind="standard", status="draft", decided_by=personas.president, decided_at=OPEN_TIME
    )
    AccessLog.objects.create(username=user.email, ip_address="10.0.0.1", user_agent="Firefox")
    archive = _download(login(user), user, django_capture_on_commit_callbacks)
    data = json.loads(archive.read("data.json"))
    sections = data["sections"]
    assert data["format"].startswith("imt-mines-ales-admissions/data-download/")
    assert "README.txt" in archive.namelist()
    assert sections["accounts.user"][0]["email"] == user.email
    assert "password" not in sections["accounts.user"][0]
    assert [a["id"] for a in sections["candidates.application"]] == [application.pk]
    assert sections["candidates.application"][0]["phone"] == "+33 6 12 34 56 78"
    assert len(sections["candidates.wish"]) == 3
    # Released decisions only; never the jury's comment.
    assert [d["wish_id"] for d in sections["jury.decision"]] == [wishes[0].pk]
    assert "Internal note" not in archive.read("data.json").decode()
    # Every document, with its file in the zip.
    documents = sections["candidates.document"]
    assert len(documents) == application.documents.count() == 5
    for row in documents:
        assert archive.read(row["file"]).startswith(b"%PDF-")
    # Referee requests without the confidential answers or the link's token.
    assert sections["candidates.referee"] and "answers" not in sections["candidates.referee"][0]
    assert "token" not in sections["candidates.referee"][0]
    assert [p["application_id"] for p in sections["payments.payment"]] == [application.pk]
    # The audit entries about them, the login history, every e-mail.
    actions = {entry["action"] for entry in sections["core.auditentry"]}
    assert {"application.create", "document.upload", "referee.request", "privacy.export_request"} <= actions
    assert "10.0.0.1" in [row["ip_address"] for row in sections["axes.accesslog"]]
    subjects = [m["subject"] for m in sections["notifications.outboxmessage"]]
    before = OutboxMessage.objects.filter(user=user).exclude(template_key="privacy.export_ready")
    assert subjects and subjects == [m.subject for m in before.order_by("created_at", "pk")]
    # The candidate is told by e-mail that it is ready.
    assert OutboxMessage.objects.filter(user=user, template_key="privacy.export_ready").count() == 1
    # Nothing of candidate B.
    text = archive.read("data.json").decode()
    assert personas.candidate_b.email not in text
    assert "not_included" in data and "jury.review" in data["not_included"]


def test_R_DATA_1_an_unreleased_decision_does_not_show_in_the_download(session_2021, personas):
    application = _dossier(personas.candidate_a, session_2021)
    wish = application.wishes.first()
    Wish.objects.filter(pk=wish.pk).update(state=WishState.REJECTED)
    with time_machine.travel(dt.datetime(2021, 3, 20, 10, tzinfo=dt.UTC), tick=False):  # before 30 March
        data = json.loads(
            zipfile.ZipFile(io.BytesIO(services.export_build(personas.candidate_a))).read("data.json")
        )
    assert {w["state"] for w in data["sections"]["candidates.wish"]} == {"under_review", "draft"}


def test_someone_elses_download_is_not_found(
    session_2021, personas, login, django_capture_on_commit_callbacks
):
    _download(login(personas.candidate_a), personas.candidate_a, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=personas.candidate_a)
    assert (
        login(personas.candidate_b).get(reverse("privacy:export_download", args=[export.pk])).status_code
        == 404
    )


def test_R_DATA_1_download_of_3_choices_and_15_documents_under_60_seconds(session_2021):
    user = UserFactory(email="big@example.org")
    application = _dossier(user, session_2021)
    with time_machine.travel(OPEN_TIME, tick=False):
        for round_ in range(2):
            for document in list(application.documents.filter(state="current")):
                candidate_services.document_upload(
                    application=application,
                    document_type=document.document_type,
                    uploaded_file=pdf_file(f"{round_}.pdf"),
                    actor=user,
                )
    assert application.documents.count() == 15
    started = time.perf_counter()
    content = services.export_build(user)
    elapsed = time.perf_counter() - started
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert len([n for n in archive.namelist() if n.startswith("files/")]) == 15
    assert elapsed < 60, elapsed


def test_a_second_request_while_one_is_prepared_reuses_it(session_2021, personas):
    first = services.export_request(user=personas.candidate_a)
    assert services.export_request(user=personas.candidate_a) == first
    assert DataExport.objects.filter(user=personas.candidate_a).count() == 1
