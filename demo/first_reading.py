"""The jury's work while the submission window is still open, told through the jury's
services this morning (the live session's "submissions" phase).

A submitted dossier's choices and documents may still change until the deadline
(R-DOSSIER-1), and a choice taken into review can no longer be removed by its candidate: so
no review is handed in and no decision drafted before the deadline. What a jury does with
the dossiers received so far: the president shares them out among the members (each member
lands on the dossiers assigned to them), the members start reading (a review saved, not
submitted), and the jury rules on the titles it must judge (R-ELIG-2/3/4), which the
candidate can no longer change once the dossier is submitted: the president rules on one,
the others wait for a ruling. The decisions and their release wait for the deadline and the
results date (R-JURY-5)."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.utils import timezone

from accounts.enums import Role
from candidates.enums import Eligibility, WishState
from candidates.models import Wish
from jury import services as jury
from jury.models import Assignment, ScoringCriterion

# Minutes before now: every story's submission is at least an hour old (`Clock.submitted`).
SHARE_OUT, READ, RULE = 45, 30, 20


def first_reading_steps(campaign, *, president) -> dict[str, int]:
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(minutes=SHARE_OUT), tick=False):
        assigned = sum(
            jury.assignments_balance(intake=intake, actor=president) for intake in campaign.intakes.all()
        )
    drafts = _start_reading(campaign, at=now - dt.timedelta(minutes=READ))
    ruled = _rule_one_title(campaign, president=president, at=now - dt.timedelta(minutes=RULE))
    return {"assigned": assigned, "reviews_started": drafts, "titles_ruled": ruled}


def _start_reading(campaign, *, at) -> int:
    """Each member other than the president saves a first review of the first dossier
    assigned to them: half the criteria scored, nothing submitted."""
    criteria = list(ScoringCriterion.objects.filter(campaign=campaign).order_by("position", "pk"))
    assignments = (
        Assignment.objects.filter(wish__intake__campaign=campaign, wish__state=WishState.SUBMITTED)
        .exclude(member__role=Role.JURY_PRESIDENT)
        .select_related("wish__intake", "member")
        .order_by("member_id", "wish__application__submitted_at", "pk")
    )
    first: dict[int, Assignment] = {}
    for assignment in assignments:
        first.setdefault(assignment.member_id, assignment)
    with time_machine.travel(at, tick=False):
        for assignment in first.values():
            jury.review_save(
                wish=assignment.wish,
                reviewer=assignment.member,
                scores={c.pk: Decimal(c.max_points * 3 // 4) for c in criteria[: len(criteria) // 2]},
                comment="Première lecture, à compléter après la date limite (démonstration).",
            )
    return len(first)


def _rule_one_title(campaign, *, president, at) -> int:
    """The president rules one title the jury judges eligible; the others wait for a ruling."""
    waiting = list(
        Wish.objects.filter(
            intake__campaign=campaign,
            state=WishState.SUBMITTED,
            eligibility=Eligibility.JURY,
            eligibility_ruling__isnull=True,
        )
        .select_related("intake")
        .order_by("application__submitted_at", "pk")
    )
    if len(waiting) < 2:
        return 0  # the one title to judge stays for the president to rule on
    with time_machine.travel(at, tick=False):
        jury.eligibility_rule(
            wish=waiting[0],
            actor=president,
            eligible=True,
            comment="Titre jugé équivalent : 120 ECTS et lien avec la spécialité (démonstration).",
        )
    return 1
