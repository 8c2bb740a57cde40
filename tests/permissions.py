"""The URL × role permission matrix.

Every named URL pattern of the project must appear in exactly one `CASES` list of a module
in `tests/permission_matrix/` (one module per app). `tests/test_permission_matrix.py`
walks every pattern and fails when one is missing, then requests each case as each of the
seven personas and checks the outcome.

A case:
    Case("candidates:document", setup=lambda world: {"pk": world.document_of_a().pk},
         expect={"anonymous": LOGIN, "candidate_a": OK, "candidate_b": NOT_FOUND, ...})

`setup(world)` builds what the URL needs (objects owned by candidate A, of program X...) and
returns the URL kwargs. `expect` maps every persona to an outcome; `default` fills the rest.

`perm` is the permission (an app's `rules.py`) that the view declares, None for a public or
login-only page. The test checks that the view declares that very permission and that the
outcomes agree with `user.has_perm(perm, obj)`, obj being what the view checks it on:
anonymous → LOGIN, without the permission → NOT_FOUND, with it → anything but NOT_FOUND,
except for the personas in `absent_for` (they hold the permission, but the page has nothing
to show them: no submitted dossier...).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("anonymous", "candidate_a", "candidate_b", "jury_x", "jury_y", "cfa", "admin")

# Outcomes
OK = "ok"  # 200 (or 2xx)
LOGIN = "login"  # redirect to the login page
NOT_FOUND = "404"
FORBIDDEN = "403"
REDIRECT = "redirect"  # any other redirect (a step, a confirmation...)
NOT_ALLOWED = "405"  # the method is refused (POST-only endpoint asked with GET)
PUBLIC = "public"  # anything but a server error: allauth's own pages and the like
ADMIN_SITE = "admin_site"  # the Django admin: admins in, everybody else to a login page

ONLY_CANDIDATES = {"anonymous": LOGIN, "candidate_a": OK, "candidate_b": OK}
ONLY_ADMIN = {"anonymous": LOGIN, "admin": OK}


@dataclass
class Case:
    name: str
    expect: dict[str, str] = field(default_factory=dict)
    default: str = NOT_FOUND
    perm: str | None = None
    absent_for: tuple[str, ...] = ()
    setup: Callable | None = None
    method: str = "get"
    data: dict | None = None

    def outcome_for(self, persona: str) -> str:
        return self.expect.get(persona, self.default)


def matches(outcome: str, response) -> bool:
    status = response.status_code
    location = response.headers.get("Location", "")
    if outcome == OK:
        return 200 <= status < 300
    if outcome == LOGIN:
        return status == 302 and "/accounts/login/" in location
    if outcome == NOT_FOUND:
        return status == 404
    if outcome == FORBIDDEN:
        return status == 403
    if outcome == REDIRECT:
        return status in (301, 302, 303) and "/accounts/login/" not in location
    if outcome == NOT_ALLOWED:
        return status == 405
    if outcome == PUBLIC:
        return status < 500
    raise ValueError(outcome)
