"""Who is who: one predicate per role, for the permissions that every app declares in its
own `rules.py` (django-rules). The role, never the superuser flag alone, says who is who:
an administrator is not a candidate (see `User.has_perm`)."""

import rules

from .enums import JURY_ROLES, STAFF_ROLES, Role


def _role_in(name: str, roles) -> rules.Predicate:
    # An anonymous visitor has no role: every role predicate is false for them.
    return rules.predicate(lambda user: getattr(user, "role", None) in roles, name=name)


is_candidate = _role_in("is_candidate", {Role.CANDIDATE})
# The president sits on the jury too: "jury member" is anyone who reviews dossiers.
is_jury_member = _role_in("is_jury_member", JURY_ROLES)
is_jury_president = _role_in("is_jury_president", {Role.JURY_PRESIDENT})
is_cfa = _role_in("is_cfa", {Role.CFA_STAFF})
# Staff accounts (jury, CFA, admin) must use two-factor (accounts.middleware).
is_staff_member = _role_in("is_staff_member", STAFF_ROLES)


@rules.predicate
def is_admin(user) -> bool:
    """The admin role; a superuser (created by `createsuperuser`) is an admin whatever its role."""
    return getattr(user, "role", None) == Role.ADMIN or getattr(user, "is_superuser", False)
