"""The staff's import of a provider's results file: every bad line named with why,
nothing imported until the file is clean; UTF-8 (with or without BOM) and Windows-1252."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from english_test.enums import AuditAction, TakeState
from english_test.models import ProviderEvent, Take

from .factories import released_wish, take_for

pytestmark = pytest.mark.django_db
URL = "/anglais/gestion/2021/import/"


@pytest.fixture
def takes(personas, intake_x2):
    one = take_for(
        released_wish(intake_x2, decided_by=personas.president, candidate__email="zoe@example.org")
    )
    two = take_for(
        released_wish(intake_x2, decided_by=personas.president, candidate__email="hélène@example.org")
    )
    return one, two


def _upload(client, content: bytes, name="results.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def _errors(response) -> list[tuple]:
    return response.context["check"].errors


def _nothing_recorded():
    assert not Take.objects.filter(state=TakeState.COMPLETED).exists()
    assert not ProviderEvent.objects.exists()


def test_each_bad_line_is_named_with_why_and_nothing_is_imported(login, personas, takes):
    client = login(personas.admin)
    content = (
        "email;score;level\n"
        "zoe@example.org;75;B2\n"  # line 2: correct
        "nobody@example.org;50;B1\n"  # line 3: unknown candidate
        "zoe@example.org;75;B2\n"  # line 4: duplicated row
        "hélène@example.org;120;C1\n"  # line 5: out of range
        "hélène@example.org;abc;Z9\n"  # line 6: not a number, bad level (and duplicate)
    ).encode()
    response = _upload(client, content)
    assert response.status_code == 200
    errors = dict(_errors(response))
    assert set(errors) == {3, 4, 5, 6}
    assert "unknown candidate" in errors[3] and "nobody@example.org" in errors[3]
    assert "same candidate as line 2" in errors[4] and "duplicated" in errors[4]
    assert "out of range (0 to 100)" in errors[5]
    assert "not a number" in errors[6] and "A1 to C2" in errors[6] and "line 5" in errors[6]
    page = response.content.decode()
    assert "nothing was imported" in page and "Line 3" in page and "Line 6" in page
    assert "payload" not in response.context or not response.context.get("payload")
    _nothing_recorded()


def test_another_encoding_is_refused(login, personas, takes):
    client = login(personas.admin)
    utf16 = "email,score\nzoe@example.org,75\n".encode("utf-16")
    response = _upload(client, utf16)
    assert "UTF-16" in _errors(response)[0][1]
    # Bytes neither UTF-8 nor Windows-1252 (0x81 is undefined in cp1252), on line 3.
    mixed = b"email,score\nzoe@example.org,75\n\x81\x8d@example.org,12\n"
    errors = _errors(_upload(client, mixed))
    assert errors == [(3, errors[0][1])] and "neither UTF-8 nor Windows-1252" in errors[0][1]
    _nothing_recorded()


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf8", "utf8-bom", "windows-1252"],
)
def test_utf8_with_or_without_bom_and_windows_1252_are_read(login, personas, takes, encoding, bom):
    client = login(personas.admin)
    content = bom + "email;score;level;completed_on\nhélène@example.org;62,5;b1;02/04/2021\r\n".encode(
        encoding
    )
    preview = _upload(client, content)
    check = preview.context["check"]
    assert check.errors == [] and len(check.rows) == 1
    assert check.encoding == ("Windows-1252" if encoding == "cp1252" else "UTF-8")
    assert "every line is correct" in preview.content.decode()
    _nothing_recorded()
    done = client.post(URL, {"payload": preview.context["payload"]})
    assert done.status_code == 302
    take = Take.objects.get(application__candidate__email="hélène@example.org")
    assert (take.state, take.score, take.level) == (TakeState.COMPLETED, Decimal("62.50"), "B1")
    assert take.completed_at.date().isoformat() == "2021-04-02"
    assert AuditEntry.objects.filter(action=AuditAction.CSV_IMPORTED).count() == 1


def test_importing_the_same_file_twice_records_nothing_twice(login, personas, takes):
    client = login(personas.admin)
    content = b"email,score,level\nzoe@example.org,75,B2\n"
    client.post(URL, {"payload": _upload(client, content).context["payload"]})
    second = _upload(client, content)
    assert second.context["check"].rows[0].unchanged
    assert second.context["to_record"] == 0
    client.post(URL, {"payload": second.context["payload"]})
    assert ProviderEvent.objects.count() == 1
    # Another score for a completed test: refused, the first result kept.
    changed = _upload(client, b"email,score,level\nzoe@example.org,40,A2\n")
    assert "already has another result" in _errors(changed)[0][1]
    assert Take.objects.get(application__candidate__email="zoe@example.org").score == Decimal(75)


def test_a_tampered_confirmation_is_refused(login, personas, takes):
    client = login(personas.admin)
    response = client.post(URL, {"payload": "forged"}, follow=True)
    assert "expired" in response.content.decode()
    _nothing_recorded()


def test_missing_columns_are_named(login, personas, takes):
    client = login(personas.admin)
    errors = _errors(_upload(client, b"mail;note\nzoe@example.org;12\n"))
    assert errors[0][0] == 1 and "score" in errors[0][1]
    _nothing_recorded()
