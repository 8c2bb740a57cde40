"""Reads of the CFA's pages."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.enums import Role
from admissions.models import ExtraPlaces, Intake
from candidates.enums import WishState
from candidates.models import Wish
from jury.models import WishScore

from . import draw
from .enums import LIVE_STATES, JobSheetState
from .models import (
    BlockReview,
    CompetencyBlock,
    ComplementaryDraw,
    ComplementaryEntry,
    ComplementaryListSetting,
    DiplomaVerification,
    JobSheet,
    JobSheetReview,
    JobSheetVersion,
)

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
    """A draw with its intake and listed wishes (candidates' names) in order (404 for none)."""
    return get_object_or_404(
        ComplementaryDraw.objects.select_related(
            "intake__program", "intake__campaign", "drawn_by"
        ).prefetch_related(
            Prefetch(
                "entries",
                queryset=ComplementaryEntry.objects.select_related("wish__application__candidate").order_by(
                    "rank"
                ),
            )
        ),
        pk=pk,
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


# --- job sheets, places, admission (R-CFA-2..4, R-ADMIT-1..3) ------------------------------


@dataclass(frozen=True)
class IntakePlaces:
    """Places of an intake as the CFA reads them (R-SESSION-1/2, R-ADMIT-2)."""

    open: int
    extra: int
    registered: int

    @property
    def total(self) -> int:
        return self.open + self.extra

    @property
    def left(self) -> int:
        return max(self.total - self.registered, 0)


def intakes_with_places(campaign):
    """The session's intakes, each annotated with its extra places, its registered and
    waiting sheets and those sent for the school to review, in one query (the CFA's home and
    intake pages)."""
    extra = (
        ExtraPlaces.objects.filter(intake=OuterRef("pk"))
        .values("intake")
        .annotate(total=Sum("count"))
        .values("total")
    )
    registered = (
        JobSheet.objects.filter(intake=OuterRef("pk"), state=JobSheetState.REGISTERED)
        .values("intake")
        .annotate(total=Count("pk"))
        .values("total")
    )
    waiting = (
        JobSheet.objects.filter(intake=OuterRef("pk"), state=JobSheetState.WAITING)
        .values("intake")
        .annotate(total=Count("pk"))
        .values("total")
    )
    to_review = (
        JobSheet.objects.filter(intake=OuterRef("pk"), state=JobSheetState.SENT)
        .values("intake")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Intake.objects.filter(campaign=campaign)
        .select_related("program", "campaign")
        .annotate(
            extra_total=Coalesce(Subquery(extra), 0),
            registered_total=Coalesce(Subquery(registered), 0),
            waiting_total=Coalesce(Subquery(waiting), 0),
            to_review_total=Coalesce(Subquery(to_review), 0),
        )
        .order_by("level", "program__code")
    )


def intake_places(intake) -> IntakePlaces:
    """From an intake of `intakes_with_places`."""
    return IntakePlaces(open=intake.places, extra=intake.extra_total, registered=intake.registered_total)


def intake_for_cfa(campaign, pk):
    return get_object_or_404(intakes_with_places(campaign), pk=pk)


def diploma_proven(application) -> bool:
    """R-DOSSIER-4: a title held at submission, or the late proof verified by staff."""
    if not application.title_in_progress:
        return True
    return DiplomaVerification.objects.filter(application_id=application.pk).exists()


def job_sheet_queryset():
    return JobSheet.objects.select_related(
        "wish__application__candidate",
        "wish__application__campaign",
        "wish__application__diploma_verification",
        "intake__program",
        "intake__campaign",
    )


def intake_sheets(intake):
    """The sheets of an intake for the CFA's list and its CSV export (filtered by
    filters.JobSheetFilter)."""
    return (
        job_sheet_queryset()
        .filter(intake=intake)
        .order_by("wish__application__candidate__last_name", "wish__application__candidate__first_name", "pk")
    )


def searching_candidates(intake):
    """Admissible candidates of the intake still searching a company (no place held yet),
    with the number of employers they invited whose sheet is alive."""
    return (
        Wish.objects.filter(intake=intake, state=WishState.ADMISSIBLE)
        .select_related("application__candidate")
        .annotate(live_sheets=Count("job_sheets", filter=Q(job_sheets__state__in=LIVE_STATES)))
        .order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )


def sheet_from_token(token: str) -> JobSheet | None:
    return job_sheet_queryset().filter(token=token).first()


def sheet_detail(pk) -> JobSheet:
    return get_object_or_404(
        job_sheet_queryset().prefetch_related(
            Prefetch("versions", queryset=JobSheetVersion.objects.order_by("-number")),
            Prefetch(
                "reviews",
                queryset=JobSheetReview.objects.select_related("reviewer", "version")
                .prefetch_related(Prefetch("blocks", queryset=BlockReview.objects.select_related("block")))
                .order_by("-at", "-pk"),
            ),
        ),
        pk=pk,
    )


def framework_blocks(program_id) -> list[CompetencyBlock]:
    return list(CompetencyBlock.objects.filter(program_id=program_id))


def wish_sheets(wish) -> list[JobSheet]:
    """A candidate's sheets for one wish, newest first (the invite page)."""
    return list(JobSheet.objects.filter(wish_id=wish.pk).order_by("-invited_at", "-pk"))


def application_sheets(application_id) -> dict[int, list[JobSheet]]:
    """{wish id: its sheets, newest first} for all of a dossier's wishes, in one query (the
    candidate's home, flat in choices)."""
    sheets: dict[int, list[JobSheet]] = {}
    for sheet in JobSheet.objects.filter(wish__application_id=application_id).order_by("-invited_at", "-pk"):
        sheets.setdefault(sheet.wish_id, []).append(sheet)
    return sheets


def admission_minutes(intake):
    """The admitted and enrolled candidates of an intake, with their registered sheet and
    contract (the admission minutes' PDF)."""
    return (
        Wish.objects.filter(intake=intake, state__in=(WishState.ADMITTED, WishState.ENROLLED))
        .select_related("application__candidate", "contract")
        .prefetch_related(
            Prefetch(
                "job_sheets",
                queryset=JobSheet.objects.filter(state=JobSheetState.REGISTERED),
                to_attr="registered",
            )
        )
        .order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )


def wish_for_candidate(pk) -> Wish:
    return get_object_or_404(
        Wish.objects.select_related("intake__program", "intake__campaign", "application__campaign"), pk=pk
    )
