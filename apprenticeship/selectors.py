"""Reads of the CFA's pages."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from admissions.models import ExtraPlaces, Intake
from candidates.enums import WishState
from candidates.models import Wish

from .enums import LIVE_STATES, JobSheetState
from .models import (
    BlockReview,
    CompetencyBlock,
    Contract,
    DiplomaVerification,
    JobSheet,
    JobSheetReview,
    JobSheetVersion,
)

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
    """The session's intakes, each annotated with its extra places and registered sheets, in
    one query (the CFA's home and intake pages)."""
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
    return (
        Intake.objects.filter(campaign=campaign)
        .select_related("program", "campaign")
        .annotate(
            extra_total=Coalesce(Subquery(extra), 0),
            registered_total=Coalesce(Subquery(registered), 0),
            waiting_total=Coalesce(Subquery(waiting), 0),
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
    """A candidate's sheets for one wish, newest first (the home panel, the invite page)."""
    return list(JobSheet.objects.filter(wish_id=wish.pk).order_by("-invited_at", "-pk"))


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


def contract(pk) -> Contract:
    return get_object_or_404(Contract, pk=pk)
