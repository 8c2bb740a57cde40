"""Foundation URLs: public pages, role homes, accounts."""

from admissions.models import Campaign
from admissions.services import campaign_clone
from tests.permissions import LOGIN, NOT_FOUND, OK, PUBLIC, REDIRECT, Case


def _unpublished_session(world):
    source = Campaign.objects.get(year=2021)
    campaign_clone(source=source, year=2022, name="Session 2022", actor=world.admin)
    return {"year": 2022}


everyone = dict.fromkeys(("anonymous", "candidate_a", "candidate_b", "jury_x", "jury_y", "cfa", "admin"), OK)

CASES = [
    Case("admissions:home", default=OK),
    Case("admissions:programs", default=OK),
    Case("admissions:fees", default=OK),
    Case("admissions:calendar", default=OK),
    Case("healthz", default=OK),
    Case(
        "admissions:backoffice", perm="admissions.view_backoffice", expect={"anonymous": LOGIN, "admin": OK}
    ),
    Case(
        "admissions:session_clone",
        perm="admissions.configure_sessions",
        setup=lambda world: {"year": 2021},
        expect={"anonymous": LOGIN, "admin": OK},
    ),
    Case(
        "admissions:session_publish",
        perm="admissions.configure_sessions",
        setup=_unpublished_session,
        expect={"anonymous": LOGIN, "admin": OK},
    ),
    Case("accounts:home", expect={"anonymous": LOGIN}, default=REDIRECT),
    Case(
        "jury:home",
        perm="jury.view_intakes",
        setup=lambda world: {"year": 2021},
        expect={"anonymous": LOGIN, "jury_x": OK, "jury_y": OK},
    ),
    Case(
        "jury:home_default",
        perm="jury.view_intakes",
        expect={"anonymous": LOGIN, "jury_x": REDIRECT, "jury_y": REDIRECT},
    ),
    Case(
        "apprenticeship:home",
        perm="apprenticeship.view_backoffice",
        setup=lambda world: {"year": 2021},
        expect={"anonymous": LOGIN, "cfa": OK, "admin": OK},
    ),
    Case(
        "apprenticeship:home_default",
        perm="apprenticeship.view_backoffice",
        expect={"anonymous": LOGIN, "cfa": REDIRECT, "admin": REDIRECT},
    ),
    Case("set_language", method="post", data={"language": "en", "next": "/"}, default=REDIRECT),
]

# allauth's own pages (login, sign-up, password reset, e-mail, two-factor...): reachable,
# never a server error; allauth enforces their own rules (tested in tests/accounts/).
ALLAUTH_PREFIXES = ("account_", "mfa_", "socialaccount_", "usersessions_")
ALLAUTH_OUTCOME = PUBLIC
NOT_FOUND_ANYWAY = NOT_FOUND
