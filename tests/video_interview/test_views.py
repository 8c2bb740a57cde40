"""The pages: the candidate's home panel and recording page, the parts endpoint, the jury's
dossier panel and player; the registry the deliberation reads."""

import html
import io
import json
import zipfile

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.models import DataExport
from privacy.selectors import candidate_data
from selection.registry import candidate_statuses, jury_results
from video_interview import services
from video_interview.enums import TakeState

from .conftest import AFTER_WINDOW, IN_WINDOW, parts, video_wish_for

pytestmark = pytest.mark.django_db


def test_R_TEST_2_the_home_shows_the_interview_its_state_and_the_time_left(personas, video_wish, login):
    client = login(personas.candidate_a)
    with time_machine.travel(IN_WINDOW, tick=False):
        page = client.get(reverse("candidates:home")).content.decode()
    assert "Entretien vidéo différé" in page and "À faire" in page
    assert "Temps restant : 4\xa0jours" in page
    assert reverse("video_interview:record", args=[2021, video_wish.pk]) in page


def test_the_recording_page_opts_in_to_the_camera_and_microphone_only(personas, video_wish, login):
    client = login(personas.candidate_a)
    with time_machine.travel(IN_WINDOW, tick=False):
        response = client.get(reverse("video_interview:record", args=[2021, video_wish.pk]))
    assert (
        "camera=(self)" in response["Permissions-Policy"]
        and "microphone=(self)" in response["Permissions-Policy"]
    )
    assert "geolocation=()" in response["Permissions-Policy"]
    page = response.content.decode()
    assert "Vérifier ma caméra et mon micro" in page and "video_interview/js/record.js" in page
    assert "<script>" not in page  # the configuration is JSON data, not a script


def test_R_TEST_6_without_consent_the_page_says_so_and_offers_no_check(personas, intake_x, login):
    wish = video_wish_for(personas.candidate_b, intake_x, personas.president, consent=False)
    client = login(personas.candidate_b)
    with time_machine.travel(IN_WINDOW, tick=False):
        page = html.unescape(
            client.get(reverse("video_interview:record", args=[2021, wish.pk])).content.decode()
        )
    assert "donnez d'abord votre consentement" in page and "check-start" not in page


def test_R_TEST_2_after_the_window_the_page_and_the_start_refuse(personas, video_wish, login):
    client = login(personas.candidate_a)
    with time_machine.travel(AFTER_WINDOW, tick=False):
        page = html.unescape(
            client.get(reverse("video_interview:record", args=[2021, video_wish.pk])).content.decode()
        )
        start = client.post(reverse("video_interview:start", args=[2021, video_wish.pk]))
    assert "La période d'enregistrement est close" in page
    assert start.status_code == 409 and start.json()["code"] == "closed"


def test_parts_through_the_endpoint_and_someone_elses_take_is_404(
    personas, video_wish, intake_x, recordings, client
):
    client.force_login(personas.candidate_a, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(IN_WINDOW, tick=False):
        started = client.post(reverse("video_interview:start", args=[2021, video_wish.pk])).json()
        url = reverse("video_interview:chunk", args=[started["take"], 0])
        first = parts(recordings[0])[0]
        headers = {"X-Take-Lease": started["lease"]}
        ack = client.post(url, data=first, content_type="video/webm", headers=headers)
        twice = client.post(url, data=first, content_type="video/webm", headers=headers)
        ahead = client.post(
            reverse("video_interview:chunk", args=[started["take"], 5]),
            data=first,
            content_type="video/webm",
            headers=headers,
        )
        other_tab = client.post(reverse("video_interview:start", args=[2021, video_wish.pk]))
    assert ack.status_code == 200 and ack.json()["next"] == 1
    assert twice.status_code == 200 and twice.json()["duplicate"]
    assert (
        ahead.status_code == 409
        and ahead.json()["next"] == 1
        and "partie 1 est attendue" in ahead.json()["error"]
    )
    assert other_tab.status_code == 409 and other_tab.json()["code"] == "other_window"
    assert started["questions"][0]["text"].startswith("Présentez votre parcours")
    # Candidate B posting to A's take: the take does not exist for them.
    client.force_login(personas.candidate_b, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(IN_WINDOW, tick=False):
        stolen = client.post(url, data=first, content_type="video/webm", headers=headers)
    assert stolen.status_code == 404


@pytest.fixture
def assembled(personas, video_wish, recordings, django_capture_on_commit_callbacks):
    with time_machine.travel(IN_WINDOW, tick=False):
        take = services.take_start(wish=video_wish, actor=personas.candidate_a)
        for index, part in enumerate(parts(recordings[0])):
            services.chunk_receive(take=take, lease=take.lease, index=index, data=part)
        take.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.take_end(take=take, lease=take.lease, parts=take.next_chunk)
    take.refresh_from_db()
    assert take.state == TakeState.ASSEMBLED
    return take


def test_the_jury_watches_the_recording_with_markers_seeks_and_grades(personas, video_wish, assembled, login):
    client = login(personas.jury_x)
    page = html.unescape(client.get(reverse("jury:wish", args=[video_wish.pk])).content.decode())
    assert reverse("video_interview:video", args=[assembled.uuid]) in page
    assert "Présentez votre parcours depuis le baccalauréat." in page and "video-marker" in page
    assert "Chronologie de l'enregistrement" in page
    ranged = client.get(
        reverse("video_interview:video", args=[assembled.uuid]), headers={"Range": "bytes=0-99"}
    )
    assert ranged.status_code == 206 and len(ranged.content) == 100 and ranged["Content-Type"] == "video/webm"
    assert ranged["Content-Range"].startswith("bytes 0-99/")
    data = {f"score_{code}": 4 for code in ("path", "apprenticeship", "motivation", "project", "expression")}
    response = client.post(
        reverse("video_interview:grade", args=[video_wish.pk]), {**data, "proposal": "admissible"}
    )
    assert response.status_code == 302
    results = jury_results([video_wish])[video_wish.pk]["video_interview"]
    assert results.score == 16 and results.proposal == "admissible" and results.complete
    # The candidate sees "graded", never the grade (R-TEST-8).
    status = candidate_statuses([video_wish])[video_wish.pk]["video_interview"]
    assert status.state == "graded" and "16" not in status.state_label


def test_another_programs_jury_cannot_see_the_recording(personas, video_wish, assembled, login):
    client = login(personas.jury_y)
    assert client.get(reverse("video_interview:video", args=[assembled.uuid])).status_code == 404


def test_the_registry_costs_the_same_queries_for_one_wish_or_many(personas, intake_x):
    wishes = [video_wish_for(personas.candidate_a, intake_x, personas.president)]
    travel = time_machine.travel(IN_WINDOW, tick=False)
    travel.start()
    with CaptureQueriesContext(connection) as one:
        candidate_statuses(wishes)
        jury_results(wishes)
    for index in range(5):
        candidate = type(personas.candidate_a).objects.create(email=f"c{index}@example.org", role="candidate")
        wishes.append(video_wish_for(candidate, intake_x, personas.president))
    with CaptureQueriesContext(connection) as many:
        statuses = candidate_statuses(wishes)
        jury_results(wishes)
    travel.stop()
    assert len(one) == len(many)
    assert {s["video_interview"].state for s in statuses.values()} == {"to_do"}


def test_R_DATA_1_the_data_download_holds_the_recording_until_deleted(
    personas, assembled, login, django_capture_on_commit_callbacks
):
    client = login(personas.candidate_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:export_request")).status_code == 302
    export = DataExport.objects.get(user=personas.candidate_a)
    response = client.get(reverse("privacy:export_download", args=[export.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    [entry] = data["sections"]["video_interview.take"]
    assert entry["number"] == 1 and entry["wish_id"] == assembled.wish_id and "lease" not in entry
    assert archive.read(entry["recording"]) == assembled.recording.open("rb").read()
    assert "video_interview.takechunk" in data["not_included"]
    # Once the retention rule has deleted it, the take is listed without its file.
    services.recordings_purge(campaign=assembled.wish.intake.campaign, due=True)
    [entry] = candidate_data(personas.candidate_a)[0]["sections"]["video_interview.take"]
    assert entry["recording"] is None and entry["state"] == TakeState.PURGED
