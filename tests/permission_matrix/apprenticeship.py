"""Apprenticeship (CFA): the candidate's invitations (their own admissible choice), the
employer's sheet (signed link, no login: only their own sheet), the CFA's back-office
(CFA and admin), the school's review of a sheet (also the program's jury: its head)."""

from apprenticeship.services.contracts import contract_record, wish_admit
from apprenticeship.services.job_sheets import job_sheet_signed_token
from apprenticeship.services.places import job_sheet_register
from tests.apprenticeship.job_sheet_factories import (
    admissible_wish,
    approved_sheet,
    bat_intake,
    contract_dates,
    invited_sheet,
    pdf_upload,
    sent_sheet,
)
from tests.permissions import LOGIN, OK, REDIRECT, Case

CFA = {"anonymous": LOGIN, "cfa": OK, "admin": OK}
CFA_ACTS = {"anonymous": LOGIN, "cfa": REDIRECT, "admin": REDIRECT}
# The school's review: the CFA, and jury_x who sits on BAT's jury (the program head).
REVIEWERS = {"anonymous": LOGIN, "cfa": OK, "admin": OK, "jury_x": OK}


def _intake(world):
    return bat_intake(world.program_x.intakes.first().campaign)


def _wish_of_a(world):
    return admissible_wish(_intake(world), candidate=world.candidate_a)


def _wish(world):
    return {"pk": _wish_of_a(world).pk}


def _token(world):
    return {"token": job_sheet_signed_token(invited_sheet(_wish_of_a(world)))}


def _intake_page(world):
    return {"year": 2021, "pk": _intake(world).pk}


def _sent(world):
    return {"pk": sent_sheet(_wish_of_a(world)).pk}


def _approved(world):
    return {"pk": approved_sheet(_wish_of_a(world), world.cfa).pk}


def _registered(world):
    sheet = approved_sheet(_wish_of_a(world), world.cfa)
    job_sheet_register(sheet=sheet, actor=world.cfa)
    return sheet


def _registered_pk(world):
    return {"pk": _registered(world).pk}


def _contract(world):
    sheet = _registered(world)
    wish_admit(wish=sheet.wish, actor=world.cfa)
    contract = contract_record(
        wish=sheet.wish, actor=world.cfa, uploaded_file=pdf_upload(), **contract_dates(sheet)
    )
    return {"pk": contract.pk}


CASES = [
    Case(
        "apprenticeship:wish_employers",
        perm="apprenticeship.invite_employer",
        setup=_wish,
        expect={"anonymous": LOGIN, "candidate_a": OK},
    ),
    # No login: the signed link is the key to one sheet; everyone holding it reaches it.
    Case("apprenticeship:employer_sheet", setup=_token, default=OK),
    Case(
        "apprenticeship:employer_autosave",
        setup=_token,
        method="post",
        data={"company_name": "X"},
        default=OK,
    ),
    Case("apprenticeship:employer_pdf", setup=_token, default=OK),
    Case("apprenticeship:intake", perm="apprenticeship.view_backoffice", setup=_intake_page, expect=CFA),
    Case(
        "apprenticeship:intake_export", perm="apprenticeship.view_backoffice", setup=_intake_page, expect=CFA
    ),
    Case(
        "apprenticeship:intake_minutes", perm="apprenticeship.view_backoffice", setup=_intake_page, expect=CFA
    ),
    Case("apprenticeship:sheet", perm="apprenticeship.review_job_sheet", setup=_sent, expect=REVIEWERS),
    Case("apprenticeship:sheet_pdf", perm="apprenticeship.review_job_sheet", setup=_sent, expect=REVIEWERS),
    # An empty review is refused: the page again, with the errors.
    Case(
        "apprenticeship:sheet_review",
        perm="apprenticeship.review_job_sheet",
        setup=_sent,
        method="post",
        expect=REVIEWERS,
    ),
    Case(
        "apprenticeship:sheet_register",
        perm="apprenticeship.manage_admission",
        setup=_approved,
        method="post",
        expect=CFA_ACTS,
    ),
    Case(
        "apprenticeship:diploma_verify",
        perm="apprenticeship.manage_admission",
        setup=_registered_pk,
        method="post",
        expect=CFA_ACTS,
    ),
    Case(
        "apprenticeship:admit",
        perm="apprenticeship.manage_admission",
        setup=_registered_pk,
        method="post",
        expect=CFA_ACTS,
    ),
    Case(
        "apprenticeship:contract_new",
        perm="apprenticeship.manage_admission",
        setup=_registered_pk,
        method="post",
        expect=CFA,
    ),
    Case("apprenticeship:contract_file", perm="apprenticeship.manage_admission", setup=_contract, expect=CFA),
]
