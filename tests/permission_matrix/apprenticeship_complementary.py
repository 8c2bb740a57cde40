"""The complementary list's URLs (R-ADMIT-5, R-ADMIT-6). The draws are the jury president's
(not one of the matrix's personas: 404 for all of them, the president is tested in
tests/apprenticeship/test_complementary.py); a draw's page and minutes are for the CFA, admins
and the president of its program; the trainees' list and export are the CFA's and admins'."""

from apprenticeship import services
from tests.apprenticeship.factories import DRAW_OPENS, admissible, small_intake
from tests.permissions import LOGIN, OK, Case

CFA_AND_ADMIN = {"anonymous": LOGIN, "cfa": OK, "admin": OK}
PRESIDENT_ONLY = {"anonymous": LOGIN}


def _intake_x(world):
    intake = small_intake(world.program_x, places=1, capacity=1)
    admissible(intake, 15)
    admissible(intake, 12)
    return intake


def intake_x(world):
    return {"pk": _intake_x(world).pk}


def draw_x(world):
    record = services.complementary_draw(intake=_intake_x(world), actor=world.president, now=DRAW_OPENS)
    return {"pk": record.pk}


def session(world):
    return {"year": 2021}


CASES = [
    Case(
        "apprenticeship:complementary_draws",
        perm="apprenticeship.draw_complementary_lists",
        setup=session,
        expect=PRESIDENT_ONLY,
    ),
    Case(
        "apprenticeship:complementary_draw_create",
        perm="apprenticeship.draw_complementary_list",
        setup=intake_x,
        method="post",
        expect=PRESIDENT_ONLY,
    ),
    Case(
        "apprenticeship:complementary_draw",
        perm="apprenticeship.view_complementary_draw",
        setup=draw_x,
        expect=CFA_AND_ADMIN,
    ),
    Case(
        "apprenticeship:complementary_minutes",
        perm="apprenticeship.view_complementary_draw",
        setup=draw_x,
        expect=CFA_AND_ADMIN,
    ),
    Case(
        "apprenticeship:trainees", perm="apprenticeship.view_backoffice", setup=session, expect=CFA_AND_ADMIN
    ),
    Case(
        "apprenticeship:trainees_export",
        perm="apprenticeship.view_backoffice",
        setup=session,
        expect=CFA_AND_ADMIN,
    ),
]
