"""Candidates: the dossier pages (candidates only, each their own), the referee form (signed
link, no login) and the staff dossier pages (admin and jury president)."""

import datetime as dt

import time_machine

from candidates.services import application_submit, referee_signed_token
from tests.candidates.factories import fill_dossier, fresh, pay
from tests.permissions import LOGIN, NOT_ALLOWED, OK, REDIRECT, Case

CANDIDATES = {"anonymous": LOGIN, "candidate_a": OK, "candidate_b": OK}
OWNER_ONLY = {"anonymous": LOGIN, "candidate_a": OK}
STAFF = {"anonymous": LOGIN, "admin": OK}
# The address without the year leads to the session's page (DESIGN.md, "Sessions overlap").
CANDIDATES_LED_ON = {"anonymous": LOGIN, "candidate_a": REDIRECT, "candidate_b": REDIRECT}
OPEN_TIME = dt.datetime(2021, 2, 15, 10, 0, tzinfo=dt.UTC)


def dossier_of_a(world, *, submitted=False):
    with time_machine.travel(OPEN_TIME, tick=False):
        application = fill_dossier(world.candidate_a, world.personas.program_x.intakes.first().campaign)
        if submitted:
            pay(application, world.candidate_a)
            application_submit(application=application, actor=world.candidate_a)
    return fresh(application)


def _document(world):
    return {"pk": dossier_of_a(world).current_documents[0].pk}


def _submitted_wish(world):
    return {"pk": dossier_of_a(world, submitted=True).wishes.first().pk}


def _referee_token(world):
    return {"token": referee_signed_token(dossier_of_a(world).referees.first())}


def _application(world):
    return {"pk": dossier_of_a(world, submitted=True).pk}


def session(world):
    """The pages of one session name it: the personas' world is the 2021 session."""
    return {"year": 2021}


EDIT = "candidates.edit_dossier"
DOSSIER_PAGES = ("identity", "path", "title", "scholarship", "wishes", "documents", "referees", "consents")


CASES = [
    Case("candidates:home", perm="candidates.edit_dossier", expect=CANDIDATES),
    *(Case(f"candidates:{page}", perm=EDIT, setup=session, expect=CANDIDATES) for page in DOSSIER_PAGES),
    *(Case(f"candidates:{page}_default", perm=EDIT, expect=CANDIDATES_LED_ON) for page in DOSSIER_PAGES),
    Case("candidates:review", perm=EDIT, setup=session, expect=CANDIDATES),
    Case("candidates:review_default", perm=EDIT, expect=CANDIDATES_LED_ON),
    # The old download address leads to privacy:my_data.
    Case("candidates:data_export", perm="candidates.edit_dossier", expect=CANDIDATES_LED_ON),
    Case(
        "candidates:wish_remove",
        perm="candidates.edit_dossier_item",
        method="post",
        setup=lambda world: {"pk": dossier_of_a(world).wishes.first().pk},
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT},
    ),
    Case(
        "candidates:document_upload",
        perm="candidates.edit_dossier",
        method="post",
        setup=lambda world: {
            "year": 2021,
            "type_pk": dossier_of_a(world).current_documents[0].document_type_id,
        },
        expect=CANDIDATES,
    ),
    Case("candidates:document", perm="candidates.edit_dossier_item", setup=_document, expect=OWNER_ONLY),
    Case(
        "candidates:document_remove",
        perm="candidates.edit_dossier_item",
        method="post",
        setup=_document,
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT},
    ),
    Case(
        "candidates:referee_remind",
        perm="candidates.edit_dossier_item",
        method="post",
        setup=lambda world: {"pk": dossier_of_a(world).referees.first().pk},
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT},
    ),
    # Candidate B may open these pages, but has no submitted dossier: 404 (absent_for).
    Case(
        "candidates:receipt",
        perm="candidates.edit_dossier",
        absent_for=("candidate_b",),
        setup=lambda world: dossier_of_a(world, submitted=True) and session(world),
        expect=OWNER_ONLY,
    ),
    Case(
        "candidates:receipt_default",
        perm="candidates.edit_dossier",
        setup=lambda world: dossier_of_a(world, submitted=True) and {},
        expect=CANDIDATES_LED_ON,
    ),
    Case(
        "candidates:wish_withdraw",
        perm="candidates.edit_dossier_item",
        setup=_submitted_wish,
        expect=OWNER_ONLY,
    ),
    Case(
        "candidates:withdraw_all",
        perm="candidates.edit_dossier",
        absent_for=("candidate_b",),
        setup=lambda world: dossier_of_a(world, submitted=True) and session(world),
        expect=OWNER_ONLY,
    ),
    Case(
        "candidates:withdraw_all_default",
        perm="candidates.edit_dossier",
        setup=lambda world: dossier_of_a(world, submitted=True) and {},
        expect=CANDIDATES_LED_ON,
    ),
    # No login: the signed link is the key; everyone holding it reaches the form.
    Case("candidates:referee_form", setup=_referee_token, default=OK),
    Case("candidates:staff_list", perm="candidates.manage_dossiers", setup=session, expect=STAFF),
    Case(
        "candidates:staff_list_default",
        perm="candidates.manage_dossiers",
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
    Case("candidates:staff_detail", perm="candidates.manage_dossiers", setup=_application, expect=STAFF),
    Case(
        "candidates:staff_refuse_examination",
        perm="candidates.manage_dossiers",
        setup=_application,
        expect=STAFF,
    ),
    Case("candidates:staff_void", perm="candidates.manage_dossiers", setup=_application, expect=STAFF),
    Case(
        "candidates:staff_title_correct", perm="candidates.manage_dossiers", setup=_application, expect=STAFF
    ),
    Case(
        "candidates:staff_document_refile", perm="candidates.manage_dossiers", setup=_document, expect=STAFF
    ),
    Case(
        "candidates:staff_scholarship_refuse",
        perm="candidates.manage_dossiers",
        setup=_application,
        expect=STAFF,
    ),
    Case(
        "candidates:staff_scholarship_accept",
        perm="candidates.manage_dossiers",
        method="post",
        setup=_application,
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
    Case(
        "candidates:staff_document",
        perm="candidates.manage_dossiers",
        setup=_document,
        expect=STAFF,
    ),
]

# GET on a POST-only candidate endpoint answers 405 to candidates (never a page).
POST_ONLY_GET = NOT_ALLOWED
