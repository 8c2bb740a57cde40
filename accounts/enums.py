from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    JURY_MEMBER = "jury_member", _("Jury member")
    JURY_PRESIDENT = "jury_president", _("Jury president")
    CFA_STAFF = "cfa_staff", _("CFA staff")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.JURY_MEMBER, Role.JURY_PRESIDENT, Role.CFA_STAFF, Role.ADMIN})
JURY_ROLES = frozenset({Role.JURY_MEMBER, Role.JURY_PRESIDENT})
