"""Deletion on time (R-TEST-7, R-DATA-1): every recording, part and poster frame of the
session leaves the storage itself (S3, against a local moto server) 3 months after classes
start (the retention rule), earlier for a candidate who withdrew once the jury decided; nothing else goes."""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from candidates.enums import WishState
from candidates.models import Wish
from core.models import AuditEntry
from core.retention import DELETE, PurgeNight, retention_category
from notifications.models import OutboxMessage
from notifications.services import milestone_run
from tests.candidates.test_s3_storage import BUCKET, moto_s3  # noqa: F401 - the fixture
from video_interview import services
from video_interview.enums import TakeState
from video_interview.models import Take, TakeChunk

from .conftest import IN_WINDOW, parts, video_wish_for

pytestmark = pytest.mark.django_db


def _recorded(wish, candidate, data, capture):
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=wish, actor=candidate)
        for index, part in enumerate(parts(data)):
            services.chunk_receive(take=take, lease=take.lease, index=index, data=part)
        take.refresh_from_db()
        with capture(execute=True):
            services.take_end(take=take, lease=take.lease, parts=take.next_chunk)
    take.refresh_from_db()
    assert take.state == TakeState.ASSEMBLED, take.assembly_error
    return take


def _keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_R_TEST_7_recordings_leave_s3_three_months_after_classes_start_and_nothing_else(
    personas,
    intake_x,
    recordings,
    moto_s3,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    campaign = intake_x.campaign
    wish_a = video_wish_for(personas.candidate_a, intake_x, personas.president)
    wish_b = video_wish_for(personas.candidate_b, intake_x, personas.president, language="en")
    take_a = _recorded(wish_a, personas.candidate_a, recordings[0], django_capture_on_commit_callbacks)
    take_b = _recorded(wish_b, personas.candidate_b, recordings[1], django_capture_on_commit_callbacks)
    kept = default_storage.save("documents/2021/unrelated.pdf", ContentFile(b"%PDF-1.4 keep me"))
    keys_a = {take_a.recording.name, take_a.poster.name, *(c.file.name for c in take_a.chunks.all())}
    keys_b = {take_b.recording.name, take_b.poster.name, *(c.file.name for c in take_b.chunks.all())}
    assert keys_a | keys_b | {kept} == set(_keys(moto_s3))
    assert len(keys_a) == 2 + take_a.chunks.count()

    # B withdraws; once the jury has graded B's interview, B's recording goes at the next night.
    Wish.objects.filter(pk=wish_b.pk).update(state=WishState.WITHDRAWN)
    scores = dict.fromkeys(("path", "apprenticeship", "motivation", "project", "expression"), 3)
    services.grade_save(wish=wish_b, actor=personas.jury_x, scores=scores, proposal="not_admissible")
    with time_machine.travel(dt.datetime(2021, 4, 10, 1, 15, tzinfo=dt.UTC), tick=False):
        services.recordings_purge_nightly()
    assert set(_keys(moto_s3)) == keys_a | {kept}

    # A's: kept until the retention rule's date (3 months after classes start, R-TEST-7): the
    # nightly task deletes only early; the rule's category calls the same service.
    category = retention_category("video_interview.recordings")
    assert category.default.anchor == "classes_start" and category.default.duration == 3
    due = dt.datetime(2021, 12, 6, 1, 30, tzinfo=dt.UTC)
    with time_machine.travel(due, tick=False):
        assert services.recordings_purge_nightly()["takes"] == 0
        held = PurgeNight(due.date(), dry_run=True, held_applications=frozenset({wish_a.application_id}))
        assert category.purge(campaign=campaign, cutoff=None, action=DELETE, dry_run=True, night=held).empty
        night = PurgeNight(night=due.date(), dry_run=True)
        dry = category.purge(campaign=campaign, cutoff=None, action=DELETE, dry_run=True, night=night)
        assert dry.counts == {"video takes": 1, "recording parts": take_a.chunks.count()}
        assert set(_keys(moto_s3)) == keys_a | {kept}  # a dry run deletes nothing
        night = PurgeNight(night=due.date(), dry_run=False)
        run = category.purge(campaign=campaign, cutoff=None, action=DELETE, dry_run=False, night=night)
    assert run.counts == dry.counts
    assert _keys(moto_s3) == [kept]
    take_a.refresh_from_db()
    assert take_a.state == TakeState.PURGED and not take_a.recording and not take_a.poster
    assert not TakeChunk.objects.exists() and Take.objects.count() == 2  # the ledger stays, the files go
    assert AuditEntry.objects.filter(action="video_interview.recording_purged").count() == 2
    mails = OutboxMessage.objects.filter(template_key="video_interview.deleted").order_by("recipient_email")
    assert [m.recipient_email for m in mails] == ["candidate.a@example.org", "candidate.b@example.org"]
    assert "has been deleted" in mails[1].subject and "a été supprimé" in mails[0].subject
    # Rerunning deletes and sends nothing more.
    with time_machine.travel(due + dt.timedelta(days=1), tick=False):
        assert services.recordings_purge_nightly()["takes"] == 0
        assert category.purge(campaign=campaign, cutoff=None, action=DELETE, dry_run=False, night=night).empty


def test_R_TEST_2_the_window_opening_invites_the_candidates_in_their_language(personas, intake_x):
    wish_a = video_wish_for(personas.candidate_a, intake_x, personas.president, language="en")
    video_wish_for(personas.candidate_b, intake_x, personas.president, consent=True)
    withdrawn = video_wish_for(
        type(personas.candidate_a).objects.create(email="gone@example.org", role="candidate"),
        intake_x,
        personas.president,
    )
    Wish.objects.filter(pk=withdrawn.pk).update(state=WishState.WITHDRAWN)
    opening = dt.datetime(2021, 3, 31, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris
    with time_machine.travel(opening, tick=False):
        run = milestone_run(campaign=intake_x.campaign, action_key="video_interview.invitations")
        again = milestone_run(
            campaign=intake_x.campaign, action_key="video_interview.invitations", rerun=True
        )
    assert run.emails_queued == 2 and again.emails_queued == 0
    mail = OutboxMessage.objects.get(recipient_email="candidate.a@example.org")
    assert mail.subject.startswith("Your deferred video interview")
    assert (
        "5 minutes at most" in mail.body_text
        and f"/entretien-video/2021/choix/{wish_a.pk}/" in mail.body_text
    )
    french = OutboxMessage.objects.get(recipient_email="candidate.b@example.org")
    assert "5 minutes au plus" in french.body_text
