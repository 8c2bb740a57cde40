"""English test: the candidate's sandbox test page, the provider's webhook, the staff pages
(administrators and the jury president; the president is checked in tests/english_test)."""

from django.core.files.base import ContentFile

from admissions.enums import EntryLevel
from admissions.models import Intake
from english_test.enums import TakeState
from english_test.models import IdentityPicture
from tests.english_test.factories import released_wish, take_for
from tests.permissions import LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Case

STAFF = {"anonymous": LOGIN, "admin": OK}


def _take_of_a(world, **fields):
    intake = Intake.objects.get(campaign__year=2021, program=world.program_x, level=EntryLevel.YEAR_2)
    return take_for(released_wish(intake, decided_by=world.president, candidate=world.candidate_a), **fields)


def _year(world):
    _take_of_a(world)
    return {"year": 2021}


def _take(world):
    return {"pk": _take_of_a(world, state=TakeState.COMPLETED).pk}


def _picture(world):
    take = _take_of_a(world)
    picture = IdentityPicture.objects.create(
        take=take,
        provider_picture_id="p1",
        content_type="image/jpeg",
        file=ContentFile(b"\xff\xd8\xff", name="p.jpg"),
    )
    return {"pk": picture.pk}


CASES = [
    # Candidate B has no English test: the page does not exist for them.
    Case(
        "english_test:take",
        perm="english_test.take_test",
        setup=_year,
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": NOT_FOUND},
        absent_for=("candidate_b",),
    ),
    Case(
        "english_test:submit",
        perm="english_test.take_test",
        setup=_year,
        method="post",
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT, "candidate_b": NOT_FOUND},
        absent_for=("candidate_b",),
    ),
    # The provider's webhook: public, POST only, signature-checked (tests/english_test/test_callbacks.py).
    Case("english_test:webhook", default=NOT_ALLOWED),
    Case("english_test:staff_list", perm="english_test.view_results", setup=_year, expect=STAFF),
    Case(
        "english_test:send_invitations",
        perm="english_test.send_invitations",
        setup=_year,
        method="post",
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
    Case("english_test:import_results", perm="english_test.import_results", setup=_year, expect=STAFF),
    Case("english_test:take_detail", perm="english_test.view_results", setup=_take, expect=STAFF),
    Case(
        "english_test:invalidate",
        perm="english_test.invalidate_result",
        setup=_take,
        method="post",
        data={"reason": "Not the candidate"},
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
    Case("english_test:picture", perm="english_test.view_picture", setup=_picture, expect=STAFF),
]
