"""The one take (R-TEST-2, R-TEST-6): started on the server, parts acknowledged with their
hash, the bad inputs refused with their reason, interruptions and resume, assembly by ffmpeg."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from core.models import AuditEntry
from notifications.models import OutboxMessage
from notifications.services import milestone_run
from video_interview import selectors, services
from video_interview.enums import CandidateState, EventKind, TakeState
from video_interview.models import Question, TakeChunk, VideoSettings

from .conftest import AFTER_WINDOW, IN_WINDOW, parts, video_wish_for

pytestmark = pytest.mark.django_db


def _record(take, data, *, start=0, now=None, segment=None):
    acks = []
    for offset, part in enumerate(parts(data)):
        acks.append(
            services.chunk_receive(
                take=take, lease=take.lease, index=start + offset, data=part, segment=segment, now=now
            )
        )
    return acks


# --- questions as admin data ------------------------------------------------------------


def test_R_TEST_2_the_answer_times_of_a_set_cannot_exceed_the_session_limit(personas, session_2021):
    """The 2021 defaults fill the 5 minutes (4 × 75 s): one more question is refused, with
    what to do; a program's own set counts the generic questions too."""
    assert VideoSettings.objects.get(campaign=session_2021).answer_limit_seconds == 300
    assert (
        sum(q.answer_seconds for q in Question.objects.filter(campaign=session_2021, level="year_1")) == 300
    )
    extra = Question(
        campaign=session_2021,
        level="year_1",
        program=personas.program_x,
        text_fr="Et encore ?",
        answer_seconds=30,
    )
    with pytest.raises(ValidationError) as refused:
        extra.full_clean()
    message = str(refused.value.message_dict["answer_seconds"][0])
    assert "330" in message and "300" in message and "à 0 secondes au plus" in message
    # Shortening another question makes room.
    first = Question.objects.filter(campaign=session_2021, level="year_1").first()
    first.answer_seconds = 45
    first.full_clean()
    first.save()
    extra.full_clean()  # 300 exactly: accepted


# --- start -------------------------------------------------------------------------------


def test_R_TEST_2_the_take_counts_from_its_start_and_only_one_is_allowed(personas, video_wish, recordings):
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=video_wish, actor=personas.candidate_a)
        assert take.state == TakeState.RECORDING
        assert [e.kind for e in take.events.all()] == [EventKind.STARTED, EventKind.QUESTION]
        assert take.time_limit_seconds == 4 * (20 + 75) + services.TIME_SLACK_SECONDS
        _record(take, recordings[0])
        take.refresh_from_db()
        services.take_end(take=take, lease=take.lease, parts=take.next_chunk)
        with pytest.raises(services.VideoError) as refused:
            services.take_start(wish=video_wish, actor=personas.candidate_a)
    assert refused.value.code == "already_recorded"
    assert "un seul enregistrement" in refused.value.message


@pytest.mark.parametrize(
    ("when", "code"),
    [(AFTER_WINDOW, "closed"), (dt.datetime(2021, 3, 30, 12, 0, tzinfo=dt.UTC), "not_open")],
)
def test_R_TEST_2_a_take_outside_the_window_is_refused(personas, video_wish, when, code):
    with time_machine.travel(when, tick=False), pytest.raises(services.VideoError) as refused:
        services.take_start(wish=video_wish, actor=personas.candidate_a)
    assert refused.value.code == code


def test_R_TEST_6_no_consent_no_recording(personas, intake_x):
    wish = video_wish_for(personas.candidate_b, intake_x, personas.president, consent=False)
    with time_machine.travel(IN_WINDOW, tick=False), pytest.raises(services.VideoError) as refused:
        services.take_start(wish=wish, actor=personas.candidate_b)
    assert refused.value.code == "no_consent"
    assert "consentement" in refused.value.message


def test_a_second_tab_is_told_the_take_runs_elsewhere(personas, video_wish):
    with time_machine.travel(IN_WINDOW, tick=False):
        first = services.take_start(wish=video_wish, actor=personas.candidate_a)
        with pytest.raises(services.VideoError) as refused:
            services.take_start(wish=video_wish, actor=personas.candidate_a)
    assert refused.value.code == "other_window"
    assert video_wish.video_takes.count() == 1
    assert first.state == TakeState.RECORDING


# --- parts: bad input --------------------------------------------------------------------


@pytest.fixture
def take(personas, video_wish):
    with time_machine.travel(IN_WINDOW, tick=False):
        return services.take_start(wish=video_wish, actor=personas.candidate_a)


def test_parts_are_acknowledged_with_their_hash_and_a_retry_is_idempotent(take, recordings):
    data = parts(recordings[0])
    with time_machine.travel(IN_WINDOW + dt.timedelta(seconds=2), tick=False):
        ack = services.chunk_receive(
            take=take, lease=take.lease, index=0, data=data[0], sha256=hashlib.sha256(data[0]).hexdigest()
        )
        again = services.chunk_receive(take=take, lease=take.lease, index=0, data=data[0])
    assert ack["sha256"] == hashlib.sha256(data[0]).hexdigest() and ack["next"] == 1 and not ack["duplicate"]
    assert again["duplicate"] and again["sha256"] == ack["sha256"]
    assert TakeChunk.objects.filter(take=take).count() == 1
    assert take.events.filter(kind=EventKind.CHUNK).count() == 1


@pytest.mark.parametrize(
    ("index", "payload", "sha", "code"),
    [
        (1, "first", "", "out_of_order"),
        (0, "notvideo", "", "not_video"),
        (0, "first", "0" * 64, "hash_mismatch"),
        (0, "empty", "", "empty"),
        (0, "huge", "", "too_large"),
    ],
)
def test_bad_parts_are_refused_and_nothing_is_stored(take, recordings, settings, index, payload, sha, code):
    settings.VIDEO_CHUNK_MAX_BYTES = 30_000
    data = {
        "first": parts(recordings[0])[0],
        "notvideo": b"%PDF-1.4 not a video at all",
        "empty": b"",
        "huge": recordings[0][:40_000],
    }[payload]
    with time_machine.travel(IN_WINDOW, tick=False), pytest.raises(services.VideoError) as refused:
        services.chunk_receive(take=take, lease=take.lease, index=index, data=data, sha256=sha)
    assert refused.value.code == code
    assert not TakeChunk.objects.filter(take=take).exists()
    assert not default_storage.exists(f"video/chunks/{take.uuid.hex}/000000.part")


def test_a_part_with_another_content_under_a_known_index_is_refused(take, recordings):
    first = parts(recordings[0])[0]
    with time_machine.travel(IN_WINDOW, tick=False):
        services.chunk_receive(take=take, lease=take.lease, index=0, data=first)
        with pytest.raises(services.VideoError) as refused:
            services.chunk_receive(take=take, lease=take.lease, index=0, data=first[:-1] + b"x")
    assert refused.value.code == "conflict"


def test_a_forged_lease_is_refused(take, recordings):
    with time_machine.travel(IN_WINDOW, tick=False), pytest.raises(services.VideoError) as refused:
        services.chunk_receive(take=take, lease="forged", index=0, data=parts(recordings[0])[0])
    assert refused.value.code == "other_window"


def test_R_TEST_2_the_server_enforces_the_time_limit(take, recordings):
    late = IN_WINDOW + dt.timedelta(seconds=take.time_limit_seconds + services.UPLOAD_GRACE_SECONDS + 1)
    first, second = parts(recordings[0])[:2]
    with time_machine.travel(IN_WINDOW + dt.timedelta(seconds=10), tick=False):
        services.chunk_receive(take=take, lease=take.lease, index=0, data=first)
    # Kept alive by regular parts until past the limit:
    take.refresh_from_db()
    take.last_activity_at = late - dt.timedelta(seconds=2)
    take.save(update_fields=["last_activity_at"])
    with time_machine.travel(late, tick=False), pytest.raises(services.VideoError) as refused:
        services.chunk_receive(take=take, lease=take.lease, index=1, data=second)
    assert refused.value.code == "time_over"


def test_parts_after_the_end_are_refused(take, recordings):
    first, second = parts(recordings[0])[:2]
    with time_machine.travel(IN_WINDOW + dt.timedelta(seconds=5), tick=False):
        services.chunk_receive(take=take, lease=take.lease, index=0, data=first)
        take.refresh_from_db()
        services.take_end(take=take, lease=take.lease, parts=1)
        with pytest.raises(services.VideoError) as refused:
            services.chunk_receive(take=take, lease=take.lease, index=1, data=second)
    assert refused.value.code == "ended"


def test_the_end_waits_for_every_part(take, recordings):
    with time_machine.travel(IN_WINDOW, tick=False), pytest.raises(services.VideoError) as refused:
        services.take_end(take=take, lease=take.lease, parts=3)
    assert refused.value.code == "missing_parts"
    take.refresh_from_db()
    assert take.state == TakeState.RECORDING


# --- interruption, resume, assembly -------------------------------------------------------


def test_R_TEST_2_an_interrupted_take_resumes_at_its_question_and_the_file_holds_both_parts(
    personas, video_wish, recordings, django_capture_on_commit_callbacks
):
    one, two = recordings
    start = IN_WINDOW
    with time_machine.travel(start, tick=False):
        take = services.take_start(wish=video_wish, actor=personas.candidate_a)
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        services.question_advance(take=take, lease=take.lease, index=1, offset=2.0)
        _record(take, one)
    # The tab closes; 10 minutes later the candidate is back: question 2, within the time left.
    back = start + dt.timedelta(minutes=10)
    with time_machine.travel(back, tick=False):
        assert selectors.statuses([video_wish], back)[video_wish.pk]["state"] == CandidateState.INTERRUPTED
        resumed = services.take_start(wish=video_wish, actor=personas.candidate_a)
    assert resumed.pk == take.pk and resumed.segment == 2 and resumed.current_question == 1
    assert resumed.lease != take.lease
    assert resumed.used_seconds == pytest.approx(30)
    with time_machine.travel(back + dt.timedelta(seconds=5), tick=False):
        # The old tab's lease no longer writes.
        with pytest.raises(services.VideoError):
            services.chunk_receive(take=resumed, lease=take.lease, index=resumed.next_chunk, data=two[:100])
        _record(resumed, two, start=resumed.next_chunk)
        resumed.refresh_from_db()
        services.question_advance(take=resumed, lease=resumed.lease, index=2, offset=1.0)
        with django_capture_on_commit_callbacks(execute=True):
            services.take_end(take=resumed, lease=resumed.lease, parts=resumed.next_chunk)
    resumed.refresh_from_db()
    assert resumed.state == TakeState.ASSEMBLED, resumed.assembly_error
    assert resumed.duration_seconds == pytest.approx(5, abs=0.5)
    assert resumed.recording.name.endswith(".webm") and resumed.poster.name.endswith(".jpg")
    assert default_storage.exists(resumed.recording.name) and default_storage.exists(resumed.poster.name)
    kinds = [e.kind for e in resumed.events.exclude(kind=EventKind.CHUNK)]
    assert kinds == [
        EventKind.STARTED, EventKind.QUESTION, EventKind.QUESTION, EventKind.INTERRUPTED, EventKind.RESUMED,
        EventKind.QUESTION, EventKind.ENDED, EventKind.ASSEMBLED,
    ]  # fmt: skip
    marks = selectors.markers(resumed)
    # Question 3 was asked 1 s into the second segment, which starts after the first's 3 s.
    assert [m["number"] for m in marks] == [1, 2, 3] and marks[1]["offset"] == 2.0
    assert marks[2]["offset"] == pytest.approx(4.0, abs=0.3)
    assert AuditEntry.objects.filter(action="video_interview.take_resumed").count() == 1


def test_a_take_whose_time_ran_out_while_away_ends_with_what_was_recorded(
    personas, video_wish, recordings, django_capture_on_commit_callbacks
):
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=video_wish, actor=personas.candidate_a)
    with time_machine.travel(IN_WINDOW + dt.timedelta(seconds=take.time_limit_seconds), tick=False):
        take.refresh_from_db()
        _record(take, recordings[0])
    with (
        time_machine.travel(IN_WINDOW + dt.timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ended = services.take_start(wish=video_wish, actor=personas.candidate_a)
    ended.refresh_from_db()
    assert ended.state == TakeState.ASSEMBLED
    assert ended.duration_seconds == pytest.approx(3, abs=0.5)


def test_a_file_that_is_not_a_video_fails_assembly_with_its_reason(take, django_capture_on_commit_callbacks):
    fake = b"\x1a\x45\xdf\xa3" + b"garbage" * 100
    with time_machine.travel(IN_WINDOW, tick=False):
        services.chunk_receive(take=take, lease=take.lease, index=0, data=fake)
        take.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.take_end(take=take, lease=take.lease, parts=1)
    take.refresh_from_db()
    assert take.state == TakeState.FAILED and take.assembly_error
    assert not take.recording


def test_take_states_move_only_through_the_table(take):
    with pytest.raises(services.VideoError) as refused:
        services.take_transition(take=take, to=TakeState.ASSEMBLED)
    assert refused.value.code == "transition"


# --- the jury -------------------------------------------------------------------------------


def _assembled(personas, wish, recordings, capture):
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=wish, actor=personas.candidate_a)
        _record(take, recordings[0])
        take.refresh_from_db()
        with capture(execute=True):
            services.take_end(take=take, lease=take.lease, parts=take.next_chunk)
    take.refresh_from_db()
    return take


def test_the_jury_grants_a_second_take_with_a_reason_audited_and_mailed(
    personas, video_wish, recordings, django_capture_on_commit_callbacks
):
    _assembled(personas, video_wish, recordings, django_capture_on_commit_callbacks)
    with pytest.raises(services.VideoError):
        services.second_take_grant(wish=video_wish, actor=personas.president, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.second_take_grant(
            wish=video_wish, actor=personas.president, reason="Coupure électrique attestée"
        )
    mail = OutboxMessage.objects.get(template_key="video_interview.second_take")
    assert (
        mail.recipient_email == personas.candidate_a.email and "Coupure électrique attestée" in mail.body_text
    )
    assert AuditEntry.objects.filter(
        action="video_interview.second_take_granted", reason="Coupure électrique attestée"
    ).exists()
    with time_machine.travel(IN_WINDOW + dt.timedelta(hours=2), tick=False):
        second = services.take_start(wish=video_wish, actor=personas.candidate_a)
    assert second.number == 2


def test_the_grade_is_on_the_session_grid_with_a_proposal(
    personas, video_wish, recordings, django_capture_on_commit_callbacks
):
    _assembled(personas, video_wish, recordings, django_capture_on_commit_callbacks)
    grid = selectors.criteria(video_wish.intake.campaign)
    scores = {c.code: c.max_points for c in grid}
    scores[grid[0].code] = 0
    grade = services.grade_save(
        wish=video_wish, actor=personas.jury_x, scores=scores, proposal="second_interview"
    )
    assert grade.score == pytest.approx(16)  # 4 of 5 equal criteria at full marks
    with pytest.raises(services.VideoError):
        services.grade_save(wish=video_wish, actor=personas.jury_x, scores={}, proposal="admissible")


def test_a_first_part_of_one_byte_is_judged_with_the_next(take, recordings):
    """Chromium's MediaRecorder may send the header's first byte alone."""
    with time_machine.travel(IN_WINDOW, tick=False):
        services.chunk_receive(take=take, lease=take.lease, index=0, data=recordings[0][:1])
        services.chunk_receive(take=take, lease=take.lease, index=1, data=recordings[0][1:20_000])
        with pytest.raises(services.VideoError) as refused:
            services.chunk_receive(take=take, lease=take.lease, index=2, data=b"x", segment=3)
    assert refused.value.code == "segment"
    assert TakeChunk.objects.filter(take=take).count() == 2


def test_the_window_closing_ends_and_assembles_a_take_left_interrupted(
    personas, video_wish, recordings, django_capture_on_commit_callbacks
):
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=video_wish, actor=personas.candidate_a)
        _record(take, recordings[0])
        take.refresh_from_db()
        services.take_interrupt(take=take, lease=take.lease)
    take.refresh_from_db()
    assert take.state == TakeState.INTERRUPTED
    closing = dt.datetime(2021, 4, 5, 22, 45, tzinfo=dt.UTC)  # 6 April 00:45 Paris
    with time_machine.travel(closing, tick=False), django_capture_on_commit_callbacks(execute=True):
        run = milestone_run(campaign=video_wish.intake.campaign, action_key="video_interview.close")
    assert run is not None
    take.refresh_from_db()
    assert take.state == TakeState.ASSEMBLED and take.duration_seconds == pytest.approx(3, abs=0.5)


def test_R_TEST_2_the_limit_cannot_drop_below_the_questions_already_written(session_2021):
    settings = VideoSettings.objects.get(campaign=session_2021)
    settings.answer_limit_seconds = 240
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert "300" in str(refused.value.message_dict["answer_limit_seconds"][0])
