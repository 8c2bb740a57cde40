"""Reads of the CFA's pages."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.enums import Role
from admissions.models import Intake
from candidates.enums import WishState
from candidates.models import Wish
from jury.models import WishScore

from . import draw
from .models import ComplementaryDraw, ComplementaryEntry, ComplementaryListSetting

User = get_user_model()

# The CFA's phase: from pre-admissibility (places and companies to prepare) to the
# trainees' enrolment (December for a session).
CFA_STATES = (
    WishState.PRE_ADMISSIBLE,
    WishState.ADMISSIBLE,
    WishState.PLACED,
    WishState.ADMITTED,
    WishState.COMPLEMENTARY,
)


def sessions_with_trainees(user) -> Q:
    """The CFA has work in the sessions with candidates in its phase (registered with
    admissions in apps.ready)."""
    return Q(intakes__wishes__state__in=CFA_STATES)


# --- The complementary list (R-ADMIT-5, R-ADMIT-6) ---------------------------------------

# A place is taken by a held place, an admission or a contract (R-ADMIT-2, R-ADMIT-3).
PLACE_TAKEN_STATES = (WishState.PLACED, WishState.ADMITTED, WishState.ENROLLED)
TRAINEE_STATES = (WishState.COMPLEMENTARY, WishState.ENROLLED, WishState.LEFT)


def _wishes_in(states):
    """How many wishes of the intake are in `states` (a subquery: joining the wishes would
    multiply the extra places that `with_places` sums)."""
    counted = (
        Wish.objects.filter(intake=OuterRef("pk"), state__in=states)
        .order_by()
        .values("intake")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def intakes_for_draw(campaign):
    """The session's intakes with what R-ADMIT-5 reads, in one query: `places_total`,
    `places_taken`, `searching` (admissible wishes), `vacant_places`, the admin's capacity
    (`complementary_setting`) and the draw when there is one. Each row gets `eligible`."""
    intakes = list(
        Intake.objects.filter(campaign=campaign)
        .with_places()
        .annotate(places_taken=_wishes_in(PLACE_TAKEN_STATES), searching=_wishes_in([WishState.ADMISSIBLE]))
        .select_related("program", "campaign", "complementary_setting", "complementary_draw__drawn_by")
        .order_by("program__code", "level")
    )
    for intake in intakes:
        _with_draw_facts(intake)
    return intakes


def _with_draw_facts(intake):
    intake.vacant_places = max(intake.places_total - intake.places_taken, 0)
    intake.eligible = draw.is_eligible(vacant_places=intake.vacant_places, searching=intake.searching)
    setting = _one_to_one(intake, "complementary_setting")
    intake.capacity = setting.capacity if setting else None
    intake.draw = _one_to_one(intake, "complementary_draw")
    return intake


def _one_to_one(intake, name):
    """The reverse one-to-one `name` of the intake (fetched with it), or None."""
    try:
        return getattr(intake, name)
    except (ComplementaryListSetting.DoesNotExist, ComplementaryDraw.DoesNotExist):
        return None


def intake_for_draw(*, pk, lock: bool = False):
    """One intake with the facts of `intakes_for_draw`; `lock` first locks its row (the
    draw counts places and candidates inside the transaction that writes)."""
    if lock:
        Intake.objects.select_for_update().filter(pk=pk).first()
    intake = (
        Intake.objects.filter(pk=pk)
        .with_places()
        .annotate(places_taken=_wishes_in(PLACE_TAKEN_STATES), searching=_wishes_in([WishState.ADMISSIBLE]))
        .select_related("program", "campaign", "complementary_setting", "complementary_draw")
        .get()
    )
    return _with_draw_facts(intake)


def searching_wish_ids(intake) -> list[int]:
    return list(
        Wish.objects.filter(intake=intake, state=WishState.ADMISSIBLE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def file_review_scores(wish_ids) -> dict[int, object]:
    """The jury's combined file-review score (/20) of each wish, None without one."""
    scores = dict(WishScore.objects.filter(wish_id__in=wish_ids).values_list("wish_id", "combined"))
    return {wish_id: scores.get(wish_id) for wish_id in wish_ids}


def draw_detail(pk):
    """A draw with its intake and listed wishes (candidates' names) in order."""
    return (
        ComplementaryDraw.objects.select_related("intake__program", "intake__campaign", "drawn_by")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ComplementaryEntry.objects.select_related("wish__application__candidate").order_by(
                    "rank"
                ),
            )
        )
        .get(pk=pk)
    )


def campaign_draws(campaign):
    """The session's draws, for links: without their frozen inputs (read by the draw's page)."""
    return list(
        ComplementaryDraw.objects.filter(intake__campaign=campaign)
        .select_related("intake__program", "intake__campaign")
        .defer("inputs", "listed")
        .order_by("intake__program__code", "intake__level")
    )


def trainees(campaign):
    """The session's listed candidates (trainees, then enrolled or left), their intake and
    entry, for the CFA's list and its CSV export."""
    return (
        ComplementaryEntry.objects.filter(draw__intake__campaign=campaign)
        .select_related("wish__application__candidate", "wish__intake__program", "wish__intake__campaign")
        .order_by("wish__intake__program__code", "wish__intake__level", "rank")
    )


def trainees_due(campaign, *, today) -> list:
    """Wishes still on the complementary list whose contract deadline has passed."""
    deadline = draw.contract_deadline(campaign.classes_start_on)
    if deadline is None or today <= deadline:
        return []
    return list(trainee_wishes(campaign))


def wishes_with_candidates(ids) -> list:
    return list(
        Wish.objects.filter(pk__in=ids)
        .select_related("application__candidate", "intake__program", "intake__campaign")
        .order_by("pk")
    )


def trainee_wishes(campaign):
    return (
        Wish.objects.filter(intake__campaign=campaign, state=WishState.COMPLEMENTARY)
        .select_related("application__candidate", "intake__program", "intake__campaign")
        .order_by("pk")
    )


def draw_presidents(intakes):
    """The jury presidents who sit on the programs of `intakes`: {user: [intakes]}."""
    by_program = {}
    for intake in intakes:
        by_program.setdefault(intake.program_id, []).append(intake)
    presidents = (
        User.objects.filter(role=Role.JURY_PRESIDENT, is_active=True, jury_programs__in=list(by_program))
        .prefetch_related("jury_programs")
        .distinct()
        .order_by("pk")
    )
    return {
        president: [i for program in president.jury_programs.all() for i in by_program.get(program.pk, [])]
        for president in presidents
    }


def cfa_staff():
    return list(User.objects.filter(role=Role.CFA_STAFF, is_active=True).order_by("pk"))


def draws_to_check(*, year=None) -> list:
    draws = ComplementaryDraw.objects.select_related("intake__program", "intake__campaign").prefetch_related(
        "entries"
    )
    if year is not None:
        draws = draws.filter(intake__campaign__year=year)
    return list(draws.order_by("pk"))


def sessions_with_lists_to_draw(user) -> Q:
    """The jury president has work in the sessions whose draw is open (the 7 days before the
    start of classes) with an intake of their programs that has admissible candidates still
    searching and no list yet (registered with admissions at start-up)."""
    today = timezone.localdate()
    return Q(
        classes_start_on__gte=today,
        classes_start_on__lte=today + datetime.timedelta(days=7),
        intakes__program__in=user.jury_programs.all(),
        intakes__wishes__state=WishState.ADMISSIBLE,
        intakes__complementary_draw__isnull=True,
    )
