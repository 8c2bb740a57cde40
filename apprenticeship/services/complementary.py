"""The complementary list's writes (R-ADMIT-5, R-ADMIT-6).

- `complementary_draw`: the president draws one intake's list, from the draw's opening
  (7 days before the start of classes, the `apprenticeship.complementary_draw_open`
  milestone) on; the listed wishes move to "complementary" and the candidates are told.
- `draw_open_milestone_run`: the milestone tells each president which intakes to draw.
- `trainees_remind_*_run`: reminders 1 month and 1 week before the contract deadline.
- `trainees_leave_run`: the day after the deadline, trainees without a contract leave.
- `trainee_enrol`: a trainee who signed a contract is enrolled (called by the contract's
  service).
"""

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.enums import WishState
from candidates.workflow import wish_transition, wishes_transition
from core.audit import audit_record
from core.errors import PortalError
from core.links import portal_url
from notifications.milestones import get_action
from notifications.services import email_queue_many

from .. import draw, selectors
from ..enums_complementary import ComplementaryAuditAction
from ..models import ComplementaryDraw, ComplementaryEntry

__all__ = [
    "DRAW_OPEN_MILESTONE",
    "DrawCheck",
    "DrawRefused",
    "complementary_draw",
    "draw_check",
    "draw_open_milestone_run",
    "draw_opens_at",
    "trainee_enrol",
    "trainees_leave_run",
    "trainees_remind_month_run",
    "trainees_remind_week_run",
]

DRAW_OPEN_MILESTONE = "apprenticeship.complementary_draw_open"


class DrawRefused(PortalError):
    code = "draw_refused"


def draw_opens_at(campaign) -> datetime.datetime | None:
    """When the president may draw: the milestone's moment, 7 days before the start of classes."""
    return get_action(DRAW_OPEN_MILESTONE).due_at(campaign)


def _intake_name(intake) -> str:
    return f"{intake.program.name}, {intake.get_level_display()}"


def _candidate_context(wish) -> dict:
    campaign = wish.intake.campaign
    return {
        "program": wish.intake.program.name,
        "level": wish.intake.get_level_display(),
        "classes_start": campaign.classes_start_on,
        "deadline": draw.contract_deadline(campaign.classes_start_on),
        "home_url": portal_url(reverse("candidates:home")),
    }


def complementary_draw(
    *, intake, actor, now: datetime.datetime | None = None, seed: str | None = None
) -> ComplementaryDraw:
    """Draw `intake`'s complementary list, once. Inside one transaction that locks the intake
    row first: count vacant places and candidates still searching (R-ADMIT-5), read the
    criterion's values, freeze them with the capacity, the rule version and a fresh
    tie-break seed, replay them into the list, then move each listed wish to
    "complementary" and queue its e-mail."""
    now = now or timezone.now()
    opens_at = draw_opens_at(intake.campaign)
    if opens_at is None or now < opens_at:
        raise DrawRefused(
            _("The complementary list is drawn 7 days before the start of classes, not earlier."),
            code="too_early",
        )
    with transaction.atomic():
        intake = selectors.intake_for_draw(pk=intake.pk, lock=True)
        if intake.draw is not None:
            raise DrawRefused(
                _("The complementary list of this intake has already been drawn."), code="drawn"
            )
        if not intake.eligible:
            raise DrawRefused(
                _(
                    "No complementary list for this intake: it needs vacant places and more admissible "
                    "candidates still searching a company than vacant places."
                ),
                code="not_eligible",
            )
        if not intake.capacity:
            raise DrawRefused(
                _("The administrator has not set the capacity of this intake's complementary list."),
                code="no_capacity",
            )
        setting = intake.complementary_setting
        try:
            criterion = draw.criterion_for(setting.criterion)
        except KeyError:
            raise DrawRefused(_("The criterion set for this intake is not known.")) from None
        wish_ids = selectors.searching_wish_ids(intake)
        inputs = draw.freeze_inputs(
            candidates=criterion.values(wish_ids),
            capacity=intake.capacity,
            vacant_places=intake.vacant_places,
            criterion=criterion,
            # A fresh tie-break seed, frozen with the inputs; `seed` is given only by the demo,
            # whose stories must come out the same on every run (load_demo is deterministic).
            seed=seed or secrets.token_hex(16),
        )
        listed = draw.replay(inputs)
        record = ComplementaryDraw.objects.create(
            intake=intake,
            drawn_by=actor,
            drawn_at=now,
            rule_version=inputs["rule_version"],
            criterion=criterion.key,
            capacity=inputs["capacity"],
            vacant_places=inputs["vacant_places"],
            seed=inputs["seed"],
            inputs=inputs,
            inputs_digest=draw.inputs_digest(inputs),
            listed=listed,
        )
        ComplementaryEntry.objects.bulk_create(
            ComplementaryEntry(draw=record, wish_id=wish_id, rank=rank)
            for rank, wish_id in enumerate(listed, 1)
        )
        audit_record(
            actor=actor,
            action=ComplementaryAuditAction.DRAW,
            obj=record,
            after={
                "intake": intake.pk,
                "listed": listed,
                "candidates": len(wish_ids),
                "inputs_digest": record.inputs_digest,
            },
        )
        wishes = selectors.wishes_with_candidates(listed)
        wishes_transition(
            wishes=wishes, target=WishState.COMPLEMENTARY, actor=actor, action=ComplementaryAuditAction.LISTED
        )
        email_queue_many(
            template_key="apprenticeship.complementary_listed",
            items=(
                {
                    "recipient": wish.application.candidate,
                    "context": _candidate_context(wish),
                    "related": wish,
                    "occasion": "complementary_listed",
                }
                for wish in wishes
            ),
        )
    return record


@dataclass(frozen=True)
class DrawCheck:
    """An auditor's check of a draw: the stored inputs still have their digest, and
    replaying them gives the list as drawn and as recorded in the entries."""

    digest_ok: bool
    replayed: list
    listed: list
    entries: list

    @property
    def ok(self) -> bool:
        return self.digest_ok and self.replayed == self.listed == self.entries


def draw_check(record: ComplementaryDraw) -> DrawCheck:
    """Read only (no write): replays the frozen inputs."""
    try:
        replayed = draw.replay(record.inputs)
    except (draw.UnknownRuleVersion, KeyError, TypeError, ValueError, ArithmeticError):
        replayed = []
    return DrawCheck(
        digest_ok=draw.inputs_digest(record.inputs) == record.inputs_digest,
        replayed=replayed,
        listed=list(record.listed),
        entries=[entry.wish_id for entry in sorted(record.entries.all(), key=lambda entry: entry.rank)],
    )


def draw_open_milestone_run(campaign) -> int:
    """7 days before the start of classes: tell each jury president which intakes of their
    programs call for a complementary list (R-ADMIT-5). Nothing is drawn here: the
    president draws, from now on."""
    due = [i for i in selectors.intakes_for_draw(campaign) if i.eligible and i.draw is None]
    if not due:
        return 0
    url = portal_url(reverse("apprenticeship:complementary_draws", kwargs={"year": campaign.year}))
    items = []
    for president, intakes in selectors.draw_presidents(due).items():
        names = "\n".join(f"- {_intake_name(i)}: {i.vacant_places} / {i.searching}" for i in intakes)
        items.append(
            {
                "recipient": president,
                "context": {"session": campaign.name, "intakes": names, "draws_url": url},
                "related": campaign,
                "occasion": "complementary_draw_open",
            }
        )
    return len(email_queue_many(template_key="apprenticeship.complementary_draw_due", items=items))


def _trainee_items(wishes, occasion: str, **context):
    """One e-mail item a trainee: their program and level, and `context`."""
    for wish in wishes:
        yield {
            "recipient": wish.application.candidate,
            "context": {
                "program": wish.intake.program.name,
                "level": wish.intake.get_level_display(),
                **context,
            },
            "related": wish,
            "occasion": occasion,
        }


def _remind(campaign, occasion: str, remaining) -> int:
    deadline = draw.contract_deadline(campaign.classes_start_on)
    if deadline is None or timezone.localdate() > deadline:
        return 0  # run late (after the deadline): a reminder makes no sense any more
    queued = email_queue_many(
        template_key="apprenticeship.trainee_reminder",
        items=_trainee_items(
            selectors.trainee_wishes(campaign),
            occasion,
            deadline=deadline,
            remaining=remaining,
            home_url=portal_url(reverse("candidates:home")),
        ),
    )
    return len(queued)


def trainees_remind_month_run(campaign) -> int:
    return _remind(campaign, "trainee_reminder_month", _("1 month"))


def trainees_remind_week_run(campaign) -> int:
    return _remind(campaign, "trainee_reminder_week", _("1 week"))


def trainees_leave_run(campaign, *, today: datetime.date | None = None) -> int:
    """The day after the contract deadline (R-ADMIT-6): each trainee still without a contract
    leaves the program; they and the CFA are told. Rerunnable: the wishes already moved are
    no longer trainees, the e-mails are idempotent."""
    today = today or timezone.localdate()
    wishes = selectors.trainees_due(campaign, today=today)
    if not wishes:
        return 0
    deadline = draw.contract_deadline(campaign.classes_start_on)
    with transaction.atomic():
        wishes_transition(
            wishes=wishes,
            target=WishState.LEFT,
            actor=None,
            action=ComplementaryAuditAction.TRAINEE_LEAVE,
            reason="R-ADMIT-6",
        )
        queued = email_queue_many(
            template_key="apprenticeship.trainee_left",
            items=_trainee_items(wishes, "trainee_left", deadline=deadline),
        )
        names = "\n".join(
            f"- {wish.application.candidate.get_full_name()} ({_intake_name(wish.intake)})" for wish in wishes
        )
        url = portal_url(reverse("apprenticeship:trainees", kwargs={"year": campaign.year}))
        queued += email_queue_many(
            template_key="apprenticeship.trainees_left_cfa",
            items=(
                {
                    "recipient": staff,
                    "context": {
                        "session": campaign.name,
                        "trainees": names,
                        "deadline": deadline,
                        "trainees_url": url,
                    },
                    "related": campaign,
                    "occasion": f"trainees_left_{today.isoformat()}",
                }
                for staff in selectors.cfa_staff()
            ),
        )
    return len(queued)


def trainee_enrol(*, wish, actor, reason: str = ""):
    """A trainee signed an apprenticeship contract: the wish moves from "complementary" to
    "enrolled" (R-ADMIT-6). For the contract's service (issue 11, item 5), which records the
    contract and withdraws the candidate's other open wishes, as for any enrolment.
    Refused (TransitionNotAllowed) for a wish that is not on the complementary list, e.g.
    one that has already left."""
    with transaction.atomic():
        wish = wish_transition(
            wish=wish,
            target=WishState.ENROLLED,
            actor=actor,
            action=ComplementaryAuditAction.TRAINEE_ENROL,
            reason=reason,
        )
    return wish
