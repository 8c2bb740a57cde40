"""Reads of the jury back-office. The jury list and its CSV export share `jury_wish_list`.
No company information is ever selected here (R-JURY-2)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from admissions.models import Intake
from candidates.appraisals import with_appraisals
from candidates.enums import Eligibility, WishState
from candidates.models import Wish
from core.models import AuditEntry

from .enums import MINUTES_ACTIONS, DecisionKind
from .models import (
    Assignment,
    Decision,
    JurySettings,
    Review,
    ScoringCriterion,
)

# What the jury sees: every wish once submitted, except those withdrawn, voided or refused
# examination before the jury saw them.
JURY_STATES = [
    s
    for s in WishState.values
    if s not in (WishState.DRAFT, WishState.WITHDRAWN, WishState.VOIDED, WishState.REFUSED_EXAMINATION)
]

# What the list and the export show: narrow rows, so that sorting thousands stays cheap.
LIST_FIELDS = (
    "id",
    "state",
    "eligibility",
    "intake_id",
    "application__reference",
    "application__submitted_at",
    "application__candidate__first_name",
    "application__candidate__last_name",
    "application__candidate__email",
    "eligibility_ruling__eligible",
    "jury_decision__kind",
    "jury_decision__status",
    "jury_decision__tests",
    "jury_score__combined",
    # What a jury compares (issue 12): the title, its credits and establishment.
    "application__title_name",
    "application__title_in_progress",
    "application__title_establishment",
    "application__ects",
    "application__listed_title__kind",
    "application__listed_title__name_fr",
    "application__listed_title__name_en",
)


def jury_settings_for(campaign) -> JurySettings:
    return JurySettings.objects.filter(campaign=campaign).first() or JurySettings(campaign=campaign)


def scoring_criteria(campaign):
    return list(ScoringCriterion.objects.filter(campaign=campaign).order_by("position", "code"))


def jury_intakes(*, user, campaign):
    """The intakes of the programs `user` sits on, with counts, in one query: the dossiers,
    those assigned to `user` whose review they have not submitted, the titles waiting for
    the jury's ruling (R-ELIG-2/3/4), those not yet taken into review and those decided."""
    if campaign is None:
        return Intake.objects.none()
    visible = Q(wishes__state__in=JURY_STATES)
    open_states = (WishState.SUBMITTED, WishState.UNDER_REVIEW)
    to_review = (
        Assignment.objects.filter(member=user, wish__intake=OuterRef("pk"), wish__state__in=open_states)
        .exclude(
            Exists(Review.objects.filter(wish=OuterRef("wish"), reviewer=user, submitted_at__isnull=False))
        )
        .order_by()
        .values("wish__intake")
        .annotate(n=Count("pk"))
        .values("n")
    )
    titles = Q(
        wishes__state__in=open_states,
        wishes__eligibility=Eligibility.JURY,
        wishes__eligibility_ruling__isnull=True,
    )
    return (
        Intake.objects.filter(campaign=campaign, program__jury_members=user)
        .select_related("program", "campaign")
        .annotate(
            n_dossiers=Count("wishes", filter=visible, distinct=True),
            n_mine_to_review=Coalesce(Subquery(to_review), 0),
            n_titles_to_judge=Count("wishes", filter=titles, distinct=True),
            n_to_take=Count("wishes", filter=Q(wishes__state=WishState.SUBMITTED), distinct=True),
            n_decided=Count("wishes", filter=visible & Q(wishes__jury_decision__isnull=False), distinct=True),
        )
        .order_by("level", "program__code")
    )


def sessions_with_wishes_to_decide(user) -> Q:
    """A jury member has work in the sessions where a wish of their programs is submitted
    or under review with no decision yet (registered with admissions in apps.ready)."""
    return Q(
        intakes__program__jury_members=user,
        intakes__wishes__state__in=(WishState.SUBMITTED, WishState.UNDER_REVIEW),
        intakes__wishes__jury_decision__isnull=True,
    )


def intake_detail(pk) -> Intake:
    """An intake with its program and session, whoever asks: the views' permission
    (`jury.view_intake`…, `sits_on_jury_of`) is the jury's scope, so that they read it once."""
    return get_object_or_404(Intake.objects.select_related("program", "campaign"), pk=pk)


def jury_wishes(*, user):
    """Every wish `user` may open: their programs, no declared conflict, seen by the jury."""
    return Wish.objects.filter(
        intake__program__jury_members=user,
        state__in=JURY_STATES,
    ).exclude(application__jury_conflicts__member=user)


def bulk_wishes(*, user, intake):
    """What a bulk decision may name: any wish of the intake in the user's scope, whatever
    its state, so that the service can refuse a withdrawn one by name."""
    return (
        Wish.objects.filter(intake=intake, intake__program__jury_members=user)
        .exclude(application__jury_conflicts__member=user)
        .select_related("application__candidate")
    )


def wish_detail(pk) -> Wish:
    """A wish with what the jury's dossier page reads, whoever asks: the views' permission
    (`jury.review_wish`, `may_open_wish`: `jury_wishes`) is the jury's scope."""
    return get_object_or_404(
        Wish.objects.select_related(
            "application__candidate", "application__campaign", "intake__program", "intake__campaign"
        ),
        pk=pk,
    )


def jury_wish_list(*, user, intake):
    """The jury list of one intake, by name: one query for the page, two for its rows' reviews
    and other wishes (plus the paginator's count), whatever the number of rows.
    `jury.filters.JuryWishFilter` filters and sorts it, for the page and its CSV export
    alike. Each row has `submitted_reviews` (reviewer, total, proposal) and
    `application.filed_wishes` (every wish of the dossier but drafts, this one included)."""
    return (
        jury_wishes(user=user)
        .filter(intake=intake)
        .select_related(
            "application__candidate",
            "application__listed_title",
            "eligibility_ruling",
            "jury_decision",
            "jury_score",
        )
        .only(*LIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "jury_reviews",
                queryset=Review.objects.filter(submitted_at__isnull=False)
                .select_related("reviewer")
                .only("wish_id", "total", "proposal", "reviewer__first_name", "reviewer__last_name")
                .order_by("submitted_at", "pk"),
                to_attr="submitted_reviews",
            ),
            Prefetch(
                "application__wishes",
                queryset=Wish.objects.exclude(state=WishState.DRAFT)
                .select_related("intake__program")
                .only("application_id", "state", "intake__level", "intake__program__code")
                .order_by("intake__program__code", "intake__level"),
                to_attr="filed_wishes",
            ),
        )
        .annotate(
            combined_score=F("jury_score__combined"),
            score_low=F("jury_score__low"),
            score_high=F("jury_score__high"),
            n_reviews=Coalesce(F("jury_score__n_reviews"), 0),
            my_review_done=Exists(
                Review.objects.filter(wish=OuterRef("pk"), reviewer=user, submitted_at__isnull=False)
            ),
            assigned_to_me=Exists(Assignment.objects.filter(wish=OuterRef("pk"), member=user)),
        )
        .order_by("application__candidate__last_name", "application__candidate__first_name", "pk")
    )


def diploma_name(application) -> str:
    """The title the candidate holds or prepares, as the diploma is called: "DUT
    Informatique" for a listed DUT (`EligibleTitle.label`), the name the candidate gave for
    another title."""
    if application.listed_title_id:
        return application.listed_title.label
    return application.title_name


def _flag(row, threshold):
    """What the list compares, from `jury_wish_list`'s row and prefetches (no query): the
    reviewers' disagreement, the diploma's name, the candidate's other filed wishes."""
    low, high = row.score_low, row.score_high
    row.disagreement = bool(row.n_reviews >= 2 and high is not None and (high - low) > threshold)
    row.diploma = diploma_name(row.application)
    row.other_wishes = [w for w in row.application.filed_wishes if w.pk != row.pk]
    return row


def with_disagreement(rows, threshold):
    """Sets `row.disagreement`, `row.diploma` and `row.other_wishes` on each row of a page
    (no query)."""
    for row in rows:
        _flag(row, threshold)
    return rows


def iter_with_disagreement(rows, threshold):
    """The same, lazily, for streaming exports."""
    for row in rows:
        yield _flag(row, threshold)


def dossier_reviews(*, wish, user, see_all: bool = False):
    """(own review or None, other members' submitted reviews). A member sees the others once
    their own is submitted, so as to judge first; `see_all` (the president, who decides on
    the members' proposals: `jury.decide`) sees them at once."""
    reviews = list(
        Review.objects.filter(wish=wish)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", to_attr="score_list"))
        .order_by("submitted_at", "pk")
    )
    own = next((r for r in reviews if r.reviewer_id == user.pk), None)
    if not see_all and (own is None or own.submitted_at is None):
        return own, []
    return own, [r for r in reviews if r is not own and r.submitted_at is not None]


def dossier_documents(*, wish):
    """The dossier's documents and referees, each with its appraisal in words."""
    application = wish.application
    documents = list(
        application.documents.current()
        .select_related("document_type")
        .order_by("document_type__position", "pk")
    )
    referees = with_appraisals(application.referees.order_by("kind", "pk"))
    return documents, referees


def undecided_wishes(*, campaign, user=None):
    qs = Wish.objects.filter(
        intake__campaign=campaign,
        state__in=(WishState.SUBMITTED, WishState.UNDER_REVIEW),
        jury_decision__isnull=True,
    )
    if user is not None:
        qs = qs.filter(intake__program__jury_members=user)
    return qs.select_related("application__candidate", "intake__program").order_by(
        "intake__level", "intake__program__code", "application__candidate__last_name"
    )


def release_overview(*, campaign):
    counts = dict(
        Decision.objects.filter(wish__intake__campaign=campaign).values_list("status").annotate(n=Count("pk"))
    )
    return counts


def minutes_context(*, intake):
    """What the deliberation minutes print: members (the president apart, for the
    signatures), lists per decision with the combined scores, and the audit log of the
    decisions and eligibility rulings of the intake, each entry with its wish."""
    decisions = list(
        Decision.objects.filter(wish__intake=intake)
        .select_related("wish__application__candidate", "wish__jury_score", "decided_by")
        .order_by("wish__application__candidate__last_name", "wish__application__candidate__first_name")
    )
    by_kind = {kind: [d for d in decisions if d.kind == kind] for kind in DecisionKind.values}
    wishes = Wish.objects.filter(intake=intake).select_related("application__candidate")
    wishes = {str(w.pk): w for w in wishes}
    log = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Wish),
            object_id__in=list(wishes),
            action__in=MINUTES_ACTIONS,
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    for entry in log:
        entry.wish = wishes[entry.object_id]
    members = list(intake.program.jury_members.order_by("last_name", "first_name"))
    presidents = [m for m in members if m.role == Role.JURY_PRESIDENT]
    return {
        "decisions": decisions,
        "by_kind": by_kind,
        "log": log,
        "members": members,
        "presidents": presidents,
        "other_members": [m for m in members if m not in presidents],
    }


def decision_log(*, wish):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Wish), object_id=str(wish.pk)
    ).order_by("created_at", "pk")
