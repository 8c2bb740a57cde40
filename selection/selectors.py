"""Reads of the selection tests and of the admissibility deliberation, shared by the pages, the
panels and the minutes PDF. The tests' own data comes through `selection.registry` (one
query per registered test for a whole page, whatever the number of rows)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from admissions.enums import EntryLevel
from admissions.models import Campaign, Intake
from candidates.enums import WishState
from candidates.models import Application, Wish
from candidates.selectors import released_state
from core.models import AuditEntry
from jury.enums import DecisionKind, DecisionStatus, ProbatoryTest
from jury.models import Decision
from jury.selectors import JURY_STATES, jury_wishes

from . import registry
from .enums import MINUTES_ACTIONS, AdmissibilityOutcome, AdmissibilityStatus, DeliberationFilter
from .models import AdmissibilityDecision

# The released file-review decisions that lead to the deliberation: the pre-admissible
# candidates, and those admissible on their file alone (1st-year academic excellence).
PRE_ADMISSIBLE_KINDS = (DecisionKind.STANDARD, DecisionKind.PRE_ADMISSIBLE)
DELIBERATED_KINDS = (DecisionKind.EXCELLENCE, *PRE_ADMISSIBLE_KINDS)


# --- the candidate's tests --------------------------------------------------------------------


def calendar_window(campaign: Campaign, test: str, level: str) -> tuple[dt.date, dt.date]:
    """The window of a test from the session's calendar (notice §6, §7), for a test whose
    app says nothing more precise (or has not registered yet)."""
    if test == ProbatoryTest.VIDEO_INTERVIEW or (
        test == ProbatoryTest.ENGLISH_TEST and level == EntryLevel.YEAR_1
    ):
        return campaign.video_english_start_on, campaign.video_english_end_on
    if test == ProbatoryTest.SECOND_INTERVIEW:
        return campaign.second_interview_booking_start_on, campaign.second_interview_booking_end_on
    return campaign.tests_start_on, campaign.tests_end_on


@dataclass
class TestLine:
    """One test as the candidate's page shows it: its name, window, what to do and its state;
    never a result (R-TEST-8)."""

    code: str
    label: str
    window_start: object  # a date (calendar) or a datetime (the test's app)
    window_end: object
    status: registry.CandidateTestStatus | None  # None: the test's app has not registered


@dataclass
class WishTests:
    wish: Wish
    state: WishState  # the released state (R-JURY-5, R-TEST-8)
    tests: list[TestLine] = field(default_factory=list)


def application_of(*, user, campaign) -> Application | None:
    return Application.objects.filter(candidate=user, campaign=campaign).select_related("campaign").first()


def _test_label(decision, code: str) -> str:
    label = str(ProbatoryTest(code).label) if code in ProbatoryTest.values else code
    if code == ProbatoryTest.ORAL_TEST and decision.tests_note:
        label = f"{label} ({decision.tests_note})"
    return label


def candidate_tests(*, application: Application, now=None) -> list[WishTests]:
    """Every wish with a released pre-admissibility and the tests its decision requires
    (R-TEST-1), each with its state from the test's app: one query for the wishes, one per
    registered test."""
    now = now or timezone.now()
    campaign = application.campaign
    if now < Campaign.paris_start_of(campaign.review_results_on):
        return []
    wishes = list(
        Wish.objects.filter(
            application=application,
            jury_decision__status=DecisionStatus.RELEASED,
            jury_decision__kind__in=PRE_ADMISSIBLE_KINDS,
            state__in=JURY_STATES,
        )
        .select_related("intake__program", "jury_decision")
        .order_by("created_at", "pk")
    )
    statuses = registry.candidate_statuses(wishes)
    cards = []
    for wish in wishes:
        decision = wish.jury_decision
        card = WishTests(wish=wish, state=WishState(released_state(wish, campaign, now)))
        for code in decision.tests:
            status = statuses.get(wish.pk, {}).get(code)
            start, end = calendar_window(campaign, code, wish.intake.level)
            if status is not None:
                start, end = status.window_start or start, status.window_end or end
            card.tests.append(TestLine(code, _test_label(decision, code), start, end, status))
        cards.append(card)
    return cards


def application_tests(application) -> dict[int, list[str] | None]:
    """{wish id: the names of its tests while pre-admissible, else None} for all of a dossier's
    wishes, in one query (the candidate's home, flat in choices)."""
    tests = {}
    for pk, status, kind, codes in Wish.objects.filter(application=application).values_list(
        "pk", "jury_decision__status", "jury_decision__kind", "jury_decision__tests"
    ):
        if status == DecisionStatus.RELEASED and kind in PRE_ADMISSIBLE_KINDS:
            tests[pk] = [
                str(ProbatoryTest(code).label) for code in codes or () if code in ProbatoryTest.values
            ]
        else:
            tests[pk] = None
    return tests


# --- the deliberation ------------------------------------------------------------------------


def deliberation_intake(*, pk, year) -> Intake:
    """The intake `pk` of the session `year` (404 otherwise), whoever asks: the views'
    permission says who may open it (its program's jury; an administrator, the minutes)."""
    return get_object_or_404(
        Intake.objects.select_related("program", "campaign").filter(campaign__year=year), pk=pk
    )


def _deliberated(queryset):
    return queryset.filter(
        jury_decision__status=DecisionStatus.RELEASED, jury_decision__kind__in=DELIBERATED_KINDS
    )


# What the list and the minutes read: narrow rows, so that 500 candidates stay cheap.
LIST_FIELDS = (
    "id",
    "state",
    "intake_id",
    "application__reference",
    "application__candidate__first_name",
    "application__candidate__last_name",
    "jury_decision__kind",
    "jury_decision__status",
    "jury_decision__tests",
    "jury_decision__tests_note",
    "admissibility_decision__outcome",
    "admissibility_decision__status",
    "admissibility_decision__rank",
    "admissibility_decision__released_at",
)


def deliberation_wishes(*, user, intake):
    """The candidates of an intake's deliberation that `user` may open (no declared conflict):
    the pre-admissible ones, decided or not, and the admissible on their file, by name."""
    return (
        _deliberated(jury_wishes(user=user).filter(intake=intake))
        .select_related("application__candidate", "jury_decision", "admissibility_decision")
        .only(*LIST_FIELDS)
        .order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )


def deliberation_counts(*, user, intake) -> dict:
    """The deliberation's progress in one query."""
    pre = Q(state=WishState.PRE_ADMISSIBLE)
    return _deliberated(jury_wishes(user=user).filter(intake=intake)).aggregate(
        pre_admissible=Count("pk", filter=pre),
        undecided=Count("pk", filter=pre & Q(admissibility_decision__isnull=True)),
        admissible=Count("pk", filter=Q(admissibility_decision__outcome=AdmissibilityOutcome.ADMISSIBLE)),
        not_admissible=Count(
            "pk", filter=Q(admissibility_decision__outcome=AdmissibilityOutcome.NOT_ADMISSIBLE)
        ),
        released=Count("pk", filter=Q(admissibility_decision__status=AdmissibilityStatus.RELEASED)),
        excellence=Count("pk", filter=Q(jury_decision__kind=DecisionKind.EXCELLENCE)),
    )


DELIBERATION_FILTERS = {
    DeliberationFilter.UNDECIDED: Q(state=WishState.PRE_ADMISSIBLE, admissibility_decision__isnull=True),
    DeliberationFilter.ADMISSIBLE: Q(admissibility_decision__outcome=AdmissibilityOutcome.ADMISSIBLE),
    DeliberationFilter.NOT_ADMISSIBLE: Q(admissibility_decision__outcome=AdmissibilityOutcome.NOT_ADMISSIBLE),
    DeliberationFilter.DRAFT: Q(admissibility_decision__status=AdmissibilityStatus.DRAFT),
    DeliberationFilter.RELEASED: Q(admissibility_decision__status=AdmissibilityStatus.RELEASED),
    DeliberationFilter.EXCELLENCE: Q(jury_decision__kind=DecisionKind.EXCELLENCE),
}


@dataclass
class ResultCell:
    test: str
    required: bool  # the released decision requires this test
    result: registry.JuryTestResult | None  # None: required, nothing recorded yet


@dataclass
class DeliberationRow:
    wish: Wish
    decision: object  # AdmissibilityDecision or None
    excellence: bool  # admissible on the file: nothing to decide
    decidable: bool  # pre-admissible, no released decision
    cells: list[ResultCell]
    mean: Decimal | None  # the mean of the graded required tests, on 20
    incomplete: bool  # a required test has no complete result


def _decision_of(wish):
    try:
        return wish.admissibility_decision
    except Wish.admissibility_decision.RelatedObjectDoesNotExist:
        return None


def deliberation_rows(wishes) -> tuple[list[registry.ProbatoryTestEntry], list[DeliberationRow]]:
    """(columns, rows): one column per registered test, the results side by side, fetched in
    one query per test for every row."""
    wishes = list(wishes)
    columns = registry.registered_tests()
    results = registry.jury_results(wishes)
    rows = []
    for wish in wishes:
        required = set(wish.jury_decision.tests)
        cells = [
            ResultCell(str(entry.test), str(entry.test) in required, results[wish.pk].get(str(entry.test)))
            for entry in columns
        ]
        scores = [c.result.score for c in cells if c.required and c.result and c.result.score is not None]
        decision = _decision_of(wish)
        excellence = wish.jury_decision.kind == DecisionKind.EXCELLENCE
        rows.append(
            DeliberationRow(
                wish=wish,
                decision=decision,
                excellence=excellence,
                decidable=wish.state == WishState.PRE_ADMISSIBLE
                and not (decision is not None and decision.is_released),
                cells=cells,
                mean=(sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None,
                incomplete=any(c.required and not (c.result and c.result.complete) for c in cells)
                or bool(required - {str(entry.test) for entry in columns}),
            )
        )
    return columns, rows


def _name_key(row):
    candidate = row.wish.application.candidate
    return (candidate.last_name.lower(), candidate.first_name.lower(), row.wish.pk)


def _rank(row):
    return row.decision.rank if row.decision is not None else None


def _highest_first(value):
    """Sort key: the highest value first, rows without one last."""
    return (value is None, -(value or 0))


def sort_choices(columns):
    """The sorts of the deliberation: by name, rank, mean, or one test's score."""
    choices = [
        ("name", _("Name (A → Z)")),
        ("mean", _("Mean of the tests (highest first)")),
        ("rank", _("Rank on the admissible list")),
    ]
    for entry in columns:
        choices.append((f"test:{entry.test}", _("%(test)s (highest first)") % {"test": entry.test.label}))
    return choices


def rows_sorted(rows, sort: str):
    if sort == "mean":
        return sorted(rows, key=lambda r: (_highest_first(r.mean), _name_key(r)))
    if sort == "rank":
        return sorted(rows, key=lambda r: (_rank(r) is None, _rank(r) or 0, _name_key(r)))
    if sort.startswith("test:"):
        code = sort[len("test:") :]

        def score(row):
            cell = next((c for c in row.cells if c.test == code), None)
            return cell.result.score if cell and cell.result else None

        return sorted(rows, key=lambda r: (_highest_first(score(r)), _name_key(r)))
    return sorted(rows, key=_name_key)


# The sorts the database does: only the page's rows then go to the tests' apps. The others
# (a test's score, the mean) need every row's results, sorted here.
SQL_SORTS = {
    "name": ("application__candidate__last_name", "application__candidate__first_name", "pk"),
    "rank": (
        F("admissibility_decision__rank").asc(nulls_last=True),
        "application__candidate__last_name",
        "application__candidate__first_name",
        "pk",
    ),
}


def deliberation_page(wishes, *, sort: str, size: int, number):
    """(columns, page): one page of the deliberation's rows in the order asked, with their
    results; a fixed number of queries whatever the number of rows."""
    if sort in SQL_SORTS:
        page = Paginator(wishes.order_by(*SQL_SORTS[sort]), size).get_page(number)
        columns, page.object_list = deliberation_rows(page.object_list)
        return columns, page
    columns, rows = deliberation_rows(wishes)
    return columns, Paginator(rows_sorted(rows, sort), size).get_page(number)


def deliberation_intakes(*, user, campaign):
    """The intakes of the programs `user` sits on with a deliberation to hold or held, with
    counts, in one query (the jury's home)."""
    pre = Q(wishes__state=WishState.PRE_ADMISSIBLE)
    decided = Q(wishes__admissibility_decision__isnull=False)
    return (
        Intake.objects.filter(campaign=campaign, program__jury_members=user)
        .select_related("program")
        .annotate(
            n_pre_admissible=Count("wishes", filter=pre, distinct=True),
            n_undecided=Count(
                "wishes", filter=pre & Q(wishes__admissibility_decision__isnull=True), distinct=True
            ),
            n_decided=Count("wishes", filter=decided, distinct=True),
        )
        .filter(Q(n_pre_admissible__gt=0) | Q(n_decided__gt=0))
        .order_by("level", "program__code")
    )


def sessions_with_admissibility_to_decide(user) -> Q:
    """The president has work where a pre-admissible wish of their programs has no
    admissibility decision (registered with admissions in apps.ready)."""
    return Q(
        intakes__program__jury_members=user,
        intakes__wishes__state=WishState.PRE_ADMISSIBLE,
        intakes__wishes__admissibility_decision__isnull=True,
    )


def deliberation_wish(pk) -> Wish:
    """One candidate of a deliberation (404 for a wish the file review did not send to it),
    whoever asks: the views' permission (`may_open_wish`: `jury_wishes`) is the jury's scope."""
    return get_object_or_404(
        _deliberated(Wish.objects).select_related(
            "application__candidate",
            "application__campaign",
            "intake__program",
            "intake__campaign",
            "jury_decision",
            "admissibility_decision__decided_by",
        ),
        pk=pk,
    )


# --- the minutes -------------------------------------------------------------------------------


def minutes_context(*, intake) -> dict:
    """What the admissibility minutes print: every candidate of the deliberation (no user
    scope: the minutes are the jury's official record), grouped by decision, with the
    results side by side, the log of the decisions, and the members for the signatures."""
    wishes = (
        _deliberated(Wish.objects.filter(intake=intake, state__in=JURY_STATES))
        .select_related("application__candidate", "jury_decision", "admissibility_decision")
        .only(*LIST_FIELDS)
    )
    columns, rows = deliberation_rows(
        wishes.order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )
    admissible = rows_sorted(
        [r for r in rows if r.decision and r.decision.outcome == AdmissibilityOutcome.ADMISSIBLE], "rank"
    )
    groups = [
        ("admissible", admissible),
        (
            "not_admissible",
            [r for r in rows if r.decision and r.decision.outcome != AdmissibilityOutcome.ADMISSIBLE],
        ),
        ("undecided", [r for r in rows if r.decision is None and not r.excellence]),
        ("excellence", [r for r in rows if r.excellence]),
    ]
    by_pk = {str(r.wish.pk): r.wish for r in rows}
    log = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Wish),
            object_id__in=list(by_pk),
            action__in=MINUTES_ACTIONS,
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    for entry in log:
        entry.wish = by_pk[entry.object_id]
    members = list(intake.program.jury_members.order_by("last_name", "first_name"))
    presidents = [m for m in members if m.role == Role.JURY_PRESIDENT]
    return {
        "columns": columns,
        "groups": groups,
        "log": log,
        "members": members,
        "presidents": presidents,
        "other_members": [m for m in members if m not in presidents],
    }


def admissibility_ranks(wish_ids) -> dict[int, object]:
    """The admissibility rank of each wish, for the complementary list's draw (R-ADMIT-5):
    the president's rank on a released "admissible" decision; 0 for a candidate admissible
    on the file (academic excellence: ahead of every ranked candidate); None otherwise (the
    draw puts them last)."""
    ranks = dict(
        AdmissibilityDecision.objects.filter(
            wish_id__in=wish_ids,
            outcome=AdmissibilityOutcome.ADMISSIBLE,
            status=AdmissibilityStatus.RELEASED,
        ).values_list("wish_id", "rank")
    )
    excellence = set(
        Decision.objects.filter(
            wish_id__in=wish_ids, kind=DecisionKind.EXCELLENCE, status=DecisionStatus.RELEASED
        ).values_list("wish_id", flat=True)
    )
    return {wish_id: 0 if wish_id in excellence else ranks.get(wish_id) for wish_id in wish_ids}
