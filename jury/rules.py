"""Who may do what in the jury back-office (predicates used by views, services and tests)."""

from accounts.enums import Role


def is_jury(user) -> bool:
    return bool(user and user.is_authenticated and user.role in (Role.JURY_MEMBER, Role.JURY_PRESIDENT))


def can_decide(user) -> bool:
    """Only the jury president classifies; members propose through their reviews (R-JURY-3/4)."""
    return bool(user and user.is_authenticated and user.role == Role.JURY_PRESIDENT)


def can_override(user) -> bool:
    """Released decisions are final; only an admin may override one, with a reason."""
    return bool(user and user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser))


def sees_other_reviews(*, own_review) -> bool:
    """Other members' reviews are shown only once one's own is submitted."""
    return own_review is not None and own_review.submitted_at is not None
