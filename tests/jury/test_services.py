"""The jury's services: eligibility, reviews, assignments, conflicts, decisions, release."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from candidates.enums import AuditAction as CandidateAuditAction
from candidates.enums import Eligibility, WishState
from candidates.models import Wish
from candidates.workflow import wish_transition
from core.models import AuditEntry
from jury import services
from jury.enums import AuditAction, DecisionKind, DecisionStatus, ProbatoryTest
from jury.models import Assignment, Decision, ScoringCriterion
from jury.selectors import dossier_reviews, scoring_criteria
from notifications.milestones import get_action
from notifications.models import OutboxMessage
from notifications.services import milestones_tick

from .conftest import BEFORE_RESULTS, RESULTS_DAY_8AM
from .factories import submitted_wish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages asserted in English; e-mails follow the candidate's language (fr)."""
    with translation.override("en"):
        yield


def full_scores(wish, points):
    return {c.pk: points for c in scoring_criteria(wish.intake.campaign)}


def test_new_session_gets_the_default_scoring_grid(session_2021):
    """Rule: R-JURY-1 (results of the last two years, path, avis de poursuite, appraisals)."""
    codes = list(ScoringCriterion.objects.filter(campaign=session_2021).values_list("code", flat=True))
    assert codes == ["results", "path", "opinion", "appraisals"]


def test_taking_into_review_moves_submitted_to_under_review(personas, intake_x):
    wish = submitted_wish(intake_x)
    services.wish_take_into_review(wish=wish, actor=personas.jury_x)
    wish.refresh_from_db()
    assert wish.state == WishState.UNDER_REVIEW
    assert AuditEntry.objects.filter(action=AuditAction.TAKE_INTO_REVIEW, object_id=str(wish.pk)).exists()


def test_R_ELIG_2_other_title_needs_an_equivalence_comment(personas, intake_x):
    """Rule: R-ELIG-3 as well (foreign titles: the jury alone judges equivalence)."""
    wish = submitted_wish(intake_x, eligibility=Eligibility.JURY)
    with pytest.raises(services.JuryError, match="equivalence"):
        services.eligibility_rule(wish=wish, actor=personas.jury_x, eligible=True, comment="  ")
    ruling = services.eligibility_rule(
        wish=wish, actor=personas.jury_x, eligible=True, comment="Licence pro équivalente, 180 ECTS"
    )
    assert ruling.eligible and ruling.comment.startswith("Licence")
    assert not Decision.objects.filter(wish=wish).exists()


def test_R_JURY_1_not_eligible_means_rejected(personas, intake_x):
    """Ruled by the president, who decides (a member's ruling is a proposal: see
    test_eligibility_and_proposals)."""
    wish = submitted_wish(intake_x)
    services.eligibility_rule(wish=wish, actor=personas.president, eligible=False, comment="Titre sans lien")
    decision = Decision.objects.get(wish=wish)
    assert decision.kind == DecisionKind.REJECTED and decision.status == DecisionStatus.DRAFT
    with pytest.raises(services.JuryError, match="not eligible"):
        services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)


def test_review_total_is_the_weighted_mean_and_submission_takes_into_review(personas, intake_x):
    """Rule: R-JURY-1 (weights 3, 2, 2, 1 on /20 criteria)."""
    wish = submitted_wish(intake_x)
    criteria = {c.code: c for c in scoring_criteria(intake_x.campaign)}
    scores = {
        criteria["results"].pk: 16,
        criteria["path"].pk: 12,
        criteria["opinion"].pk: 10,
        criteria["appraisals"].pk: 8,
    }
    review = services.review_save(wish=wish, reviewer=personas.jury_x, scores=scores, submit=True)
    # (3*16 + 2*12 + 2*10 + 1*8) / 8 = 12.5
    assert review.total == Decimal("12.50")
    wish.refresh_from_db()
    assert wish.state == WishState.UNDER_REVIEW
    with pytest.raises(services.JuryError, match="already submitted"):
        services.review_save(wish=wish, reviewer=personas.jury_x, scores=scores, submit=True)


def test_review_refuses_out_of_range_and_incomplete_scores(personas, intake_x):
    wish = submitted_wish(intake_x)
    scores = full_scores(wish, 21)
    with pytest.raises(services.JuryError, match="0 to 20"):
        services.review_save(wish=wish, reviewer=personas.jury_x, scores=scores, submit=True)
    with pytest.raises(services.JuryError, match="every criterion"):
        services.review_save(wish=wish, reviewer=personas.jury_x, scores={}, submit=True)
    draft = services.review_save(wish=wish, reviewer=personas.jury_x, scores={}, comment="à revoir")
    assert draft.submitted_at is None


def test_other_reviews_visible_only_after_own_is_submitted(personas, intake_x, jury_x_bis):
    wish = submitted_wish(intake_x)
    services.review_save(wish=wish, reviewer=jury_x_bis, scores=full_scores(wish, 15), submit=True)
    own, others = dossier_reviews(wish=wish, user=personas.jury_x)
    assert own is None and others == []
    services.review_save(
        wish=wish, reviewer=personas.jury_x, scores=full_scores(wish, 10), comment="brouillon"
    )
    own, others = dossier_reviews(wish=wish, user=personas.jury_x)
    assert own is not None and others == []
    services.review_save(wish=wish, reviewer=personas.jury_x, scores=full_scores(wish, 10), submit=True)
    own, others = dossier_reviews(wish=wish, user=personas.jury_x)
    assert [r.reviewer for r in others] == [jury_x_bis]


def test_balance_is_round_robin_by_load_and_skips_conflicts(personas, intake_x, jury_x_bis):
    wishes = [submitted_wish(intake_x) for _ in range(4)]
    services.conflict_declare(wish=wishes[0], member=personas.jury_x, reason="cousin")
    created = services.assignments_balance(intake=intake_x, actor=personas.president, per_dossier=1)
    assert created == 4
    by_member = {}
    for a in Assignment.objects.select_related("member"):
        by_member.setdefault(a.member.email, []).append(a.wish_id)
    assert personas.jury_x.pk not in Assignment.objects.filter(wish=wishes[0]).values_list(
        "member", flat=True
    )
    # three members (jury_x, jury_x_bis, president), four dossiers: loads 1 or 2, never 0 and 3
    assert sorted(len(v) for v in by_member.values()) == [1, 1, 2]
    # run again: every dossier already has its reviewer
    assert services.assignments_balance(intake=intake_x, actor=personas.president, per_dossier=1) == 0


def test_conflict_removes_assignments_and_manual_assignment_refuses_it(personas, intake_x):
    wish = submitted_wish(intake_x)
    services.assignment_create(wish=wish, member=personas.jury_x, actor=personas.president)
    services.conflict_declare(wish=wish, member=personas.jury_x, reason="ancien élève")
    assert not Assignment.objects.filter(wish=wish).exists()
    with pytest.raises(services.JuryError, match="conflict"):
        services.assignment_create(wish=wish, member=personas.jury_x, actor=personas.president)
    with pytest.raises(services.JuryError, match="does not sit"):
        services.assignment_create(wish=wish, member=personas.jury_y, actor=personas.president)


def test_R_JURY_3_first_year_classes_and_tests(personas, intake_x):
    """Rule: R-TEST-2 (video interview always), R-TEST-4 (English as the case may be)."""
    wish = submitted_wish(intake_x)
    with pytest.raises(services.JuryError, match="entry level"):
        services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.PRE_ADMISSIBLE)
    decision = services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    assert decision.tests == [ProbatoryTest.VIDEO_INTERVIEW]
    decision = services.decision_set(
        wish=wish,
        actor=personas.president,
        kind=DecisionKind.STANDARD,
        tests=[ProbatoryTest.ENGLISH_TEST, "bogus"],
    )
    assert decision.tests == [ProbatoryTest.VIDEO_INTERVIEW, ProbatoryTest.ENGLISH_TEST]
    decision = services.decision_set(
        wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE, tests=[ProbatoryTest.ENGLISH_TEST]
    )
    assert decision.tests == []  # excellence: exempt from tests


def test_R_JURY_4_second_year_pre_admissible_or_rejected(personas, intake_x2):
    """Rule: R-TEST-5 (English and jury interview mandatory, optional oral tests)."""
    wish = submitted_wish(intake_x2)
    for kind in (DecisionKind.EXCELLENCE, DecisionKind.STANDARD):
        with pytest.raises(services.JuryError, match="entry level"):
            services.decision_set(wish=wish, actor=personas.president, kind=kind)
    decision = services.decision_set(
        wish=wish,
        actor=personas.president,
        kind=DecisionKind.PRE_ADMISSIBLE,
        tests=[ProbatoryTest.ORAL_TEST],
        tests_note="Oral de mécanique des structures",
    )
    assert decision.tests == [
        ProbatoryTest.ENGLISH_TEST,
        ProbatoryTest.JURY_INTERVIEW,
        ProbatoryTest.ORAL_TEST,
    ]
    assert decision.tests_note == "Oral de mécanique des structures"


def test_only_the_president_decides(personas, intake_x):
    wish = submitted_wish(intake_x)
    with pytest.raises(services.JuryError, match="president"):
        services.decision_set(wish=wish, actor=personas.jury_x, kind=DecisionKind.EXCELLENCE)


@pytest.mark.parametrize("state", [WishState.DRAFT, WishState.WITHDRAWN])
def test_decision_on_an_unsubmitted_or_withdrawn_wish_is_refused(personas, intake_x, state):
    wish = submitted_wish(intake_x, state=state)
    with pytest.raises(services.JuryError, match="not awaiting the jury"):
        services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    assert not Decision.objects.filter(wish=wish).exists()


def test_R_JURY_5_a_draft_decision_does_not_change_the_wish(personas, intake_x):
    wish = submitted_wish(intake_x)
    services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    wish.refresh_from_db()
    assert wish.state == WishState.SUBMITTED
    assert OutboxMessage.objects.count() == 0


def test_R_JURY_5_release_before_the_results_date_is_refused(personas, intake_x):
    wish = submitted_wish(intake_x)
    services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)
    just_before = dt.datetime(2021, 3, 29, 21, 59, 59, tzinfo=dt.UTC)  # 23:59:59 Paris
    with pytest.raises(services.ReleaseTooEarly):
        services.decisions_release(campaign=intake_x.campaign, actor=personas.president, now=just_before)
    wish.refresh_from_db()
    assert wish.state == WishState.SUBMITTED
    assert OutboxMessage.objects.count() == 0


def _decide(president, wish, kind, **kw):
    return services.decision_set(wish=wish, actor=president, kind=kind, **kw)


def test_R_JURY_5_release_applies_decisions_and_mails_once_per_candidate(
    personas, intake_x, intake_y, intake_x2, django_capture_on_commit_callbacks
):
    """Rule: R-TEST-1 (the pre-admissibility e-mail gives the number and nature of tests)."""
    excellent = submitted_wish(intake_x)
    two_wishes = submitted_wish(intake_x, application__candidate__first_name="Zoé")
    second = services.eligibility_rule  # noqa: F841 (readability)
    other = Wish.objects.create(
        application=two_wishes.application, intake=intake_y, state=WishState.SUBMITTED
    )
    rejected = submitted_wish(intake_x)
    year2 = submitted_wish(intake_x2)
    services.wish_take_into_review(wish=rejected, actor=personas.jury_x)
    _decide(personas.president, excellent, DecisionKind.EXCELLENCE)
    _decide(personas.president, two_wishes, DecisionKind.STANDARD, tests=[ProbatoryTest.ENGLISH_TEST])
    _decide(personas.president, other, DecisionKind.REJECTED)
    _decide(personas.president, rejected, DecisionKind.REJECTED)
    _decide(personas.president, year2, DecisionKind.PRE_ADMISSIBLE)
    undecided = submitted_wish(intake_y)

    with django_capture_on_commit_callbacks(execute=True):
        report = services.decisions_release(campaign=intake_x.campaign, actor=None, now=RESULTS_DAY_8AM)
    assert report.released == 5
    assert report.emails == 4
    assert report.undecided == [undecided]
    states = {w.pk: w.state for w in Wish.objects.all()}
    assert states[excellent.pk] == WishState.ADMISSIBLE
    assert states[two_wishes.pk] == WishState.PRE_ADMISSIBLE
    assert states[other.pk] == WishState.REJECTED
    assert states[rejected.pk] == WishState.REJECTED
    assert states[year2.pk] == WishState.PRE_ADMISSIBLE
    assert states[undecided.pk] == WishState.SUBMITTED

    mails = {m.recipient_email: m for m in OutboxMessage.objects.filter(template_key="jury.review_results")}
    assert len(mails) == 4
    both = mails[two_wishes.application.candidate.email].body_text
    assert "Standard" in both and "rejeté" in both
    assert "2 épreuves probatoires" in both and "anglais" in both.lower() and "vidéo" in both
    y2 = mails[year2.application.candidate.email].body_text
    assert "2 épreuves probatoires" in y2 and "jury" in y2

    # A second release sends nothing and changes nothing.
    report2 = services.decisions_release(campaign=intake_x.campaign, actor=None, now=RESULTS_DAY_8AM)
    assert (report2.released, report2.emails) == (0, 0)
    assert OutboxMessage.objects.filter(template_key="jury.review_results").count() == 4
    assert all(d.status == DecisionStatus.RELEASED for d in Decision.objects.all())


def test_release_by_candidate_hands_each_candidate_once_to_a_chunk_and_sums_the_report(
    personas, intake_x, intake_y
):
    """The chunked release the file-review and the admissibility releases share: all the
    wishes of one candidate in the same chunk, each candidate once, the chunks' counts summed."""
    wishes = [submitted_wish(intake_x) for _ in range(3)]
    wishes.append(
        Wish.objects.create(application=wishes[0].application, intake=intake_y, state=WishState.SUBMITTED)
    )
    for wish in wishes:
        _decide(personas.president, wish, DecisionKind.REJECTED)
    chunks = []

    def release_chunk(*, application_ids, actor, now):
        chunks.append(application_ids)
        return 2 * len(application_ids), len(application_ids), [(application_ids[0], "skipped")]

    report = services.release_by_candidate(
        services.ReleaseReport(),
        drafts=Decision.objects.filter(status=DecisionStatus.DRAFT),
        chunk_size=2,
        release_chunk=release_chunk,
        actor=None,
        now=RESULTS_DAY_8AM,
    )
    ids = sorted({w.application_id for w in wishes})
    assert chunks == [ids[:2], ids[2:]]
    assert (report.released, report.emails, len(report.skipped)) == (6, 3, 2)


def test_R_JURY_5_excellence_letter_never_reaches_a_rejected_candidate(personas, intake_x):
    rejected = submitted_wish(intake_x)
    excellent = submitted_wish(intake_x)
    _decide(personas.president, rejected, DecisionKind.REJECTED)
    _decide(personas.president, excellent, DecisionKind.EXCELLENCE)
    services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    to_rejected = OutboxMessage.objects.get(recipient_email=rejected.application.candidate.email)
    to_excellent = OutboxMessage.objects.get(recipient_email=excellent.application.candidate.email)
    assert "rejeté votre candidature" in to_rejected.body_text
    assert "Excellence" not in to_rejected.body_text and "admissible" not in to_rejected.body_text
    assert "Excellence académique" in to_excellent.body_text and "rejet" not in to_excellent.body_text


def test_released_decisions_are_final_and_late_ones_mail_separately(personas, intake_x):
    wish = submitted_wish(intake_x)
    _decide(personas.president, wish, DecisionKind.STANDARD)
    services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    with pytest.raises(services.JuryError, match=r"not awaiting|final"):
        _decide(personas.president, wish, DecisionKind.EXCELLENCE)
    late = submitted_wish(intake_x)
    _decide(personas.president, late, DecisionKind.EXCELLENCE)
    report = services.decisions_release(
        campaign=intake_x.campaign, now=RESULTS_DAY_8AM + dt.timedelta(hours=3)
    )
    assert (report.released, report.emails) == (1, 1)
    assert OutboxMessage.objects.count() == 2


def test_release_skips_a_wish_withdrawn_after_its_decision(personas, intake_x):
    wish = submitted_wish(intake_x)
    _decide(personas.president, wish, DecisionKind.EXCELLENCE)
    wish_transition(
        wish=wish,
        target=WishState.WITHDRAWN,
        actor=wish.application.candidate,
        action=CandidateAuditAction.WISH_WITHDRAW,
    )
    report = services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    assert report.released == 0 and report.emails == 0 and len(report.skipped) == 1
    assert OutboxMessage.objects.count() == 0


def test_admin_override_needs_a_reason_and_is_logged(personas, intake_x):
    wish = submitted_wish(intake_x)
    decision = _decide(personas.president, wish, DecisionKind.STANDARD)
    services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    with pytest.raises(services.JuryError, match="administrator"):
        services.decision_override(
            decision=decision, actor=personas.president, kind=DecisionKind.EXCELLENCE, reason="x"
        )
    with pytest.raises(services.JuryError, match="reason"):
        services.decision_override(
            decision=decision, actor=personas.admin, kind=DecisionKind.EXCELLENCE, reason=" "
        )
    services.decision_override(
        decision=decision, actor=personas.admin, kind=DecisionKind.EXCELLENCE, reason="Erreur de saisie du PV"
    )
    wish.refresh_from_db()
    assert wish.state == WishState.ADMISSIBLE
    entry = AuditEntry.objects.get(action=AuditAction.DECISION_OVERRIDE)
    assert entry.reason == "Erreur de saisie du PV" and entry.before["kind"] == "standard"


def test_R_JURY_5_milestone_releases_at_8_on_the_results_date(personas, intake_x):
    action = get_action("jury.release_decisions")
    assert action.date_field == "review_results_on" and action.at == dt.time(8, 0)
    wish = submitted_wish(intake_x)
    _decide(personas.president, wish, DecisionKind.EXCELLENCE)
    with time_machine.travel(BEFORE_RESULTS, tick=False):
        milestones_tick()
    wish.refresh_from_db()
    assert wish.state == WishState.SUBMITTED
    seven_59 = RESULTS_DAY_8AM - dt.timedelta(minutes=1)
    milestones_tick(now=seven_59)
    wish.refresh_from_db()
    assert wish.state == WishState.SUBMITTED
    milestones_tick(now=RESULTS_DAY_8AM)
    wish.refresh_from_db()
    assert wish.state == WishState.ADMISSIBLE
    assert OutboxMessage.objects.filter(template_key="jury.review_results").count() == 1
