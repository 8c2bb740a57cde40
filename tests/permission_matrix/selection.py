"""Selection tests and admissibility URLs: the candidate's tests page for candidates; the
deliberation for the jury members of the intake's program (read), the president's decisions
(404 for members, as every president-only page), the minutes for the president and the
administrators."""

from admissions.enums import EntryLevel
from admissions.models import Intake
from tests.permissions import LOGIN, NOT_FOUND, OK, Case
from tests.selection.conftest import pre_admissible


def _intake_x(world):
    return Intake.objects.get(campaign__year=2021, program=world.program_x, level=EntryLevel.YEAR_1)


def intake_x(world):
    return {"year": 2021, "pk": _intake_x(world).pk}


def wish_x(world):
    return {"pk": pre_admissible(_intake_x(world), world.president).pk}


def tests_of_a(world):
    pre_admissible(_intake_x(world), world.president, application__candidate=world.candidate_a)
    return {"year": 2021}


JURY_X = {"anonymous": LOGIN, "jury_x": OK}
PRESIDENT_ONLY = {"anonymous": LOGIN}

CASES = [
    # Candidate B has no dossier in 2021: the page does not exist for them.
    Case(
        "selection:tests",
        perm="selection.view_tests",
        setup=tests_of_a,
        expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": NOT_FOUND},
        absent_for=("candidate_b",),
    ),
    Case("selection:deliberation", perm="selection.view_deliberation", setup=intake_x, expect=JURY_X),
    Case(
        "selection:deliberation_bulk",
        perm="selection.bulk_decide_admissibility",
        setup=intake_x,
        expect=PRESIDENT_ONLY,
    ),
    Case(
        "selection:deliberation_minutes",
        perm="selection.deliberation_minutes",
        setup=intake_x,
        expect={"anonymous": LOGIN, "admin": OK},
    ),
    Case("selection:candidate", perm="selection.view_deliberation_wish", setup=wish_x, expect=JURY_X),
    Case("selection:decide", perm="selection.decide_admissibility", setup=wish_x, expect=PRESIDENT_ONLY),
]
