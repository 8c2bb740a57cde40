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


CASES = [
    Case("candidates:home", expect=CANDIDATES),
    Case("candidates:identity", expect=CANDIDATES),
    Case("candidates:path", expect=CANDIDATES),
    Case("candidates:title", expect=CANDIDATES),
    Case("candidates:scholarship", expect=CANDIDATES),
    Case("candidates:wishes", expect=CANDIDATES),
    Case("candidates:documents", expect=CANDIDATES),
    Case("candidates:referees", expect=CANDIDATES),
    Case("candidates:consents", expect=CANDIDATES),
    Case("candidates:review", expect=CANDIDATES),
    Case("candidates:data_export", expect=CANDIDATES),
    Case(
        "candidates:wish_remove",
        method="post",
        setup=lambda world: {"pk": dossier_of_a(world).wishes.first().pk},
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT},
    ),
    Case(
        "candidates:document_upload",
        method="post",
        setup=lambda world: {"type_pk": dossier_of_a(world).current_documents[0].document_type_id},
        expect=CANDIDATES,
    ),
    Case("candidates:document", setup=_document, expect=OWNER_ONLY),
    Case(
        "candidates:document_remove",
        method="post",
        setup=_document,
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT},
    ),
    Case(
        "candidates:referee_remind",
        method="post",
        setup=lambda world: {"pk": dossier_of_a(world).referees.first().pk},
        expect={"anonymous": LOGIN, "candidate_a": REDIRECT},
    ),
    Case(
        "candidates:receipt",
        setup=lambda world: dossier_of_a(world, submitted=True) and {},
        expect=OWNER_ONLY,
    ),
    Case("candidates:wish_withdraw", setup=_submitted_wish, expect=OWNER_ONLY),
    Case(
        "candidates:withdraw_all",
        setup=lambda world: dossier_of_a(world, submitted=True) and {},
        expect=OWNER_ONLY,
    ),
    # No login: the signed link is the key; everyone holding it reaches the form.
    Case("candidates:referee_form", setup=_referee_token, default=OK),
    Case("candidates:staff_list", expect=STAFF),
    Case("candidates:staff_detail", setup=_application, expect=STAFF),
    Case("candidates:staff_refuse_examination", setup=_application, expect=STAFF),
    Case("candidates:staff_void", setup=_application, expect=STAFF),
    Case("candidates:staff_scholarship_refuse", setup=_application, expect=STAFF),
    Case(
        "candidates:staff_scholarship_accept",
        method="post",
        setup=_application,
        expect={"anonymous": LOGIN, "admin": REDIRECT},
    ),
    Case(
        "candidates:staff_document",
        setup=_document,
        expect=STAFF,
    ),
]

# GET on a POST-only candidate endpoint answers 405 to candidates (never a page).
POST_ONLY_GET = NOT_ALLOWED
