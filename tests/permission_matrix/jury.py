"""Jury back-office URLs: jury members of the wish's program only; the president's pages
(decisions, assignments, release) are 404 for members too. Candidates, CFA and admins: 404."""

from django.core.files.base import ContentFile

from admissions.enums import EntryLevel
from admissions.models import DocumentType, Intake
from candidates.models import Document
from jury.enums import DecisionKind
from jury.services import decision_set
from tests.jury.factories import submitted_wish
from tests.permissions import LOGIN, NOT_ALLOWED, OK, Case


def _intake_x(world):
    return Intake.objects.get(campaign__year=2021, program=world.program_x, level=EntryLevel.YEAR_1)


def _wish_x(world):
    return submitted_wish(_intake_x(world))


def intake_x(world):
    return {"pk": _intake_x(world).pk}


def wish_x(world):
    return {"pk": _wish_x(world).pk}


def document_x(world):
    wish = _wish_x(world)
    document = Document(
        application=wish.application,
        document_type=DocumentType.objects.filter(campaign=wish.intake.campaign).first(),
        original_name="releve.pdf",
        content_type="application/pdf",
        size=8,
    )
    document.file.save("releve.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    return {"pk": document.pk}


def decision_x(world):
    return {"pk": decision_set(wish=_wish_x(world), actor=world.president, kind=DecisionKind.STANDARD).pk}


JURY_X = {"anonymous": LOGIN, "jury_x": OK}
POST_ONLY_JURY_X = {"anonymous": LOGIN, "jury_x": NOT_ALLOWED}
PRESIDENT_ONLY = {"anonymous": LOGIN}

CASES = [
    Case("jury:intake", perm="jury.view_intake", setup=intake_x, expect=JURY_X),
    Case("jury:intake_export", perm="jury.view_intake", setup=intake_x, expect=JURY_X),
    Case("jury:minutes", perm="jury.view_intake", setup=intake_x, expect=JURY_X),
    Case("jury:intake_bulk_decide", perm="jury.bulk_decide", setup=intake_x, expect=PRESIDENT_ONLY),
    Case("jury:assignments", perm="jury.assign_reviewers", setup=intake_x, expect=PRESIDENT_ONLY),
    Case("jury:wish", perm="jury.review_wish", setup=wish_x, expect=JURY_X),
    Case("jury:wish_pdf", perm="jury.review_wish", setup=wish_x, expect=JURY_X),
    Case("jury:wish_take", perm="jury.review_wish", setup=wish_x, expect=POST_ONLY_JURY_X),
    Case("jury:wish_eligibility", perm="jury.review_wish", setup=wish_x, expect=POST_ONLY_JURY_X),
    Case("jury:wish_review", perm="jury.review_wish", setup=wish_x, expect=POST_ONLY_JURY_X),
    Case("jury:wish_conflict", perm="jury.review_wish", setup=wish_x, expect=POST_ONLY_JURY_X),
    Case("jury:wish_decide", perm="jury.decide", setup=wish_x, expect=PRESIDENT_ONLY),
    Case("jury:document", perm="jury.read_document", setup=document_x, expect=JURY_X),
    Case(
        "jury:release",
        perm="jury.release_decisions",
        setup=lambda world: {"year": 2021},
        expect=PRESIDENT_ONLY,
    ),
    Case("jury:release_default", perm="jury.release_decisions", expect=PRESIDENT_ONLY),
    Case(
        "jury:decision_override",
        perm="jury.override_decision",
        setup=decision_x,
        expect={"anonymous": LOGIN, "admin": OK},
    ),
]
