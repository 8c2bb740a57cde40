from django.db import models


class ComplementaryAuditAction(models.TextChoices):
    """What the complementary list's services write in the audit log. The values are stored:
    never change one."""

    DRAW = "apprenticeship.complementary_draw"
    LISTED = "apprenticeship.complementary_listed"
    TRAINEE_ENROL = "apprenticeship.trainee_enrol"
    TRAINEE_LEAVE = "apprenticeship.trainee_leave"
