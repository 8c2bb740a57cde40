"""The admissibility deliberation's services: drafts invisible before the results date, the
release all at once (one e-mail per candidate, exactly once), bulk decisions and ranks,
excellence candidates. Rule: R-TEST-8."""

from decimal import Decimal

import pytest
import time_machine

from candidates.enums import WishState
from candidates.models import Wish
from candidates.workflow import wish_transition
from core.models import AuditEntry
from jury.enums import AuditAction as JuryAction
from jury.models import ConflictOfInterest
from notifications.models import MilestoneRun, OutboxMessage
from notifications.services.milestones import milestone_run
from privacy.selectors import candidate_data
from selection import services
from selection.enums import AdmissibilityOutcome, AdmissibilityStatus, AuditAction
from selection.models import AdmissibilityDecision
from selection.selectors import deliberation_rows, deliberation_wishes, rows_sorted

from .conftest import BEFORE_RESULTS, RESULTS_DAY_7AM, RESULTS_DAY_8AM, excellent, pre_admissible

pytestmark = pytest.mark.django_db

ADMISSIBLE, NOT_ADMISSIBLE = AdmissibilityOutcome.ADMISSIBLE, AdmissibilityOutcome.NOT_ADMISSIBLE
TEMPLATE = "selection.admissibility_results"


def decide(president, wish, outcome, **kwargs):
    return services.admissibility_decide(
        wish=wish, actor=president, outcome=outcome, now=BEFORE_RESULTS, **kwargs
    )


def test_R_TEST_8_a_draft_shows_on_no_channel_before_the_results_date(personas, intake_x, login):
    wish = pre_admissible(intake_x, personas.president, application__candidate=personas.candidate_a)
    with time_machine.travel(BEFORE_RESULTS):
        decision = decide(personas.president, wish, NOT_ADMISSIBLE, comment="Anglais insuffisant")
        assert decision.status == AdmissibilityStatus.DRAFT
        wish.refresh_from_db()
        assert wish.state == WishState.PRE_ADMISSIBLE
        assert not OutboxMessage.objects.filter(template_key=TEMPLATE).exists()
        # The data download reads the released state.
        sections = candidate_data(personas.candidate_a)[0]["sections"]
        assert [w["state"] for w in sections["candidates.wish"]] == [WishState.PRE_ADMISSIBLE]
        assert sections["selection.admissibilitydecision"] == []
        assert sections["notifications.outboxmessage"] == []
        client = login(personas.candidate_a)
        home = client.get("/candidat/").content.decode()
        assert "Pré-admissible" in home and "Non admissible" not in home
        tests_page = client.get("/epreuves/2021/").content.decode()
        assert "Non admissible" not in tests_page and "insuffisant" not in tests_page


def test_R_TEST_8_release_is_refused_before_the_date(personas, intake_x):
    wish = pre_admissible(intake_x, personas.president)
    decide(personas.president, wish, ADMISSIBLE)
    with pytest.raises(services.ReleaseTooEarly):
        services.admissibility_release(campaign=intake_x.campaign, now=RESULTS_DAY_7AM.replace(day=20))
    # The milestone is not due before 08:00 on the date.
    assert (
        milestone_run(
            campaign=intake_x.campaign, action_key="selection.release_admissibility", now=RESULTS_DAY_7AM
        )
        is None
    )
    wish.refresh_from_db()
    assert wish.state == WishState.PRE_ADMISSIBLE


def test_R_TEST_8_the_milestone_releases_everything_once_one_email_per_candidate(
    personas, intake_x, intake_y, django_capture_on_commit_callbacks
):
    yes = pre_admissible(intake_x, personas.president, application__candidate__first_name="Alice")
    no = pre_admissible(intake_x, personas.president, application__candidate__first_name="Bruno")
    # Two pre-admissible wishes of one candidate: one e-mail with both.
    both = pre_admissible(intake_x, personas.president, application__candidate__first_name="Zoé")
    other = Wish.objects.create(application=both.application, intake=intake_y, state=WishState.PRE_ADMISSIBLE)
    other_decision = both.jury_decision
    other_decision.pk, other_decision.wish = None, other
    other_decision.save()
    undecided = pre_admissible(intake_x, personas.president)
    decide(personas.president, yes, ADMISSIBLE, rank=1)
    decide(personas.president, no, NOT_ADMISSIBLE, comment="Anglais A2, entretien 6/20")
    decide(personas.president, both, ADMISSIBLE, rank=2)
    decide(personas.president, other, NOT_ADMISSIBLE)

    with django_capture_on_commit_callbacks(execute=True):
        run = milestone_run(
            campaign=intake_x.campaign, action_key="selection.release_admissibility", now=RESULTS_DAY_8AM
        )
    assert run.emails_queued == 3
    states = dict(Wish.objects.values_list("pk", "state"))
    assert states[yes.pk] == WishState.ADMISSIBLE
    assert states[no.pk] == WishState.NOT_ADMISSIBLE
    assert states[both.pk] == WishState.ADMISSIBLE and states[other.pk] == WishState.NOT_ADMISSIBLE
    assert states[undecided.pk] == WishState.PRE_ADMISSIBLE
    assert set(AdmissibilityDecision.objects.values_list("status", flat=True)) == {
        AdmissibilityStatus.RELEASED
    }
    assert AuditEntry.objects.filter(action=AuditAction.ADMISSIBILITY_RELEASED).count() == 4

    mails = {m.recipient_email: m.body_text for m in OutboxMessage.objects.filter(template_key=TEMPLATE)}
    assert len(mails) == 3
    to_yes = mails[yes.application.candidate.email]
    assert "vous a déclaré admissible" in to_yes and "entreprise d'accueil" in to_yes and "CFA" in to_yes
    to_no = mails[no.application.candidate.email]
    assert "non admissible" in to_no and "entreprise" not in to_no
    to_both = mails[both.application.candidate.email]
    assert "vous a déclaré admissible" in to_both and "non admissible" in to_both
    # Never a grade, a rank or the jury's comment (R-TEST-8).
    for body in mails.values():
        assert "/20" not in body and "A2" not in body and "rang" not in body.lower()

    # A rerun (an admin's) releases nothing and queues nothing.
    rerun = milestone_run(
        campaign=intake_x.campaign,
        action_key="selection.release_admissibility",
        rerun=True,
        now=RESULTS_DAY_8AM,
    )
    assert rerun.emails_queued == 0 and rerun.runs == 2
    assert OutboxMessage.objects.filter(template_key=TEMPLATE).count() == 3
    assert MilestoneRun.objects.get(action_key="selection.release_admissibility").status == "done"


def test_R_TEST_8_the_letter_follows_the_candidates_language(personas, intake_x):
    wish = pre_admissible(intake_x, personas.president, application__candidate__preferred_language="en")
    decide(personas.president, wish, ADMISSIBLE)
    services.admissibility_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    message = OutboxMessage.objects.get(template_key=TEMPLATE)
    assert "admissibility results" in message.subject
    assert "declared you admissible" in message.body_text and "host company" in message.body_text


def test_R_TEST_8_excellence_candidates_are_already_admissible_not_decidable(personas, intake_x):
    wish = excellent(intake_x, personas.president)
    with pytest.raises(services.SelectionError, match="pas pré-admissible"):
        decide(personas.president, wish, NOT_ADMISSIBLE)
    assert not AdmissibilityDecision.objects.exists()


def test_only_the_president_of_the_program_decides(personas, intake_x, intake_y):
    wish = pre_admissible(intake_x, personas.president)
    with pytest.raises(services.SelectionError):
        decide(personas.jury_x, wish, ADMISSIBLE)
    ConflictOfInterest.objects.create(application=wish.application, member=personas.president)
    with pytest.raises(services.SelectionError, match="conflit"):
        decide(personas.president, wish, ADMISSIBLE)
    assert not AdmissibilityDecision.objects.exists()


def test_a_draft_may_change_until_released_then_it_is_final(personas, intake_x):
    wish = pre_admissible(intake_x, personas.president)
    decide(personas.president, wish, NOT_ADMISSIBLE)
    decision = decide(personas.president, wish, ADMISSIBLE, rank=3, comment="Revu après l'entretien")
    assert (decision.outcome, decision.rank) == (ADMISSIBLE, 3)
    log = AuditEntry.objects.filter(action=AuditAction.ADMISSIBILITY_DECISION).order_by("pk")
    assert [e.after["outcome"] for e in log] == [NOT_ADMISSIBLE, ADMISSIBLE]
    assert log.last().before == {"outcome": NOT_ADMISSIBLE, "rank": None}
    services.admissibility_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    wish.refresh_from_db()
    with pytest.raises(services.SelectionError):
        services.admissibility_decide(
            wish=wish, actor=personas.president, outcome=NOT_ADMISSIBLE, now=RESULTS_DAY_8AM
        )


def test_a_decision_on_the_results_date_is_released_at_once(personas, intake_x):
    late = pre_admissible(intake_x, personas.president)
    decision = services.admissibility_decide(
        wish=late, actor=personas.president, outcome=ADMISSIBLE, now=RESULTS_DAY_8AM
    )
    assert decision.is_released
    late.refresh_from_db()
    assert late.state == WishState.ADMISSIBLE
    assert OutboxMessage.objects.filter(template_key=TEMPLATE).count() == 1


def test_ranks_are_unique_in_an_intake_and_for_admissible_only(personas, intake_x):
    a = pre_admissible(intake_x, personas.president, application__candidate__last_name="Alpha")
    b = pre_admissible(intake_x, personas.president)
    decide(personas.president, a, ADMISSIBLE, rank=1)
    with pytest.raises(services.SelectionError, match="Alpha"):
        decide(personas.president, b, ADMISSIBLE, rank=1)
    with pytest.raises(services.SelectionError):
        decide(personas.president, b, NOT_ADMISSIBLE, rank=2)


def test_bulk_decides_each_refuses_by_name_and_ranks_in_the_order_given(personas, intake_x):
    a, b, c = (pre_admissible(intake_x, personas.president) for _ in range(3))
    already = pre_admissible(intake_x, personas.president)
    decide(personas.president, already, ADMISSIBLE, rank=1)
    star = excellent(intake_x, personas.president)
    result = services.admissibility_bulk_decide(
        wishes=[c, star, a, b],
        actor=personas.president,
        outcome=ADMISSIBLE,
        rank_in_order=True,
        now=BEFORE_RESULTS,
    )
    assert result.done == [c, a, b]
    assert [w for w, _message in result.refused] == [star]
    ranks = dict(AdmissibilityDecision.objects.values_list("wish_id", "rank"))
    assert (ranks[already.pk], ranks[c.pk], ranks[a.pk], ranks[b.pk]) == (1, 2, 3, 4)
    # Ranked again in another order: after the others, their ranks swapped.
    services.admissibility_bulk_decide(
        wishes=[b, a], actor=personas.president, outcome=ADMISSIBLE, rank_in_order=True, now=BEFORE_RESULTS
    )
    ranks = dict(AdmissibilityDecision.objects.values_list("wish_id", "rank"))
    assert (ranks[b.pk], ranks[a.pk]) == (3, 4)
    services.admissibility_bulk_decide(
        wishes=[a], actor=personas.president, outcome=NOT_ADMISSIBLE, now=BEFORE_RESULTS
    )
    assert AdmissibilityDecision.objects.get(wish=a).rank is None


def test_release_skips_a_wish_withdrawn_after_its_decision(personas, intake_x):
    kept = pre_admissible(intake_x, personas.president)
    gone = pre_admissible(intake_x, personas.president)
    decide(personas.president, kept, ADMISSIBLE)
    decide(personas.president, gone, ADMISSIBLE)
    wish_transition(wish=gone, target=WishState.WITHDRAWN, actor=None, action=JuryAction.DECISION)
    report = services.admissibility_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    assert (report.released, report.emails) == (1, 1)
    assert [w.pk for w, _reason in report.skipped] == [gone.pk]
    gone.refresh_from_db()
    assert gone.state == WishState.WITHDRAWN


def test_the_deliberation_rows_put_results_side_by_side(personas, intake_x, fake_english, fake_video):
    low = pre_admissible(intake_x, personas.president, tests=["video_interview", "english_test"])
    high = pre_admissible(intake_x, personas.president, tests=["video_interview"])
    star = excellent(intake_x, personas.president)
    fake_video.scores.update({low.pk: Decimal("8"), high.pk: Decimal("16")})
    fake_english.scores[low.pk] = Decimal("12")
    columns, rows = deliberation_rows(deliberation_wishes(user=personas.president, intake=intake_x))
    assert [str(c.test) for c in columns] == ["video_interview", "english_test"]
    by_pk = {r.wish.pk: r for r in rows}
    assert by_pk[low.pk].mean == Decimal("10.00") and not by_pk[low.pk].incomplete
    assert [c.required for c in by_pk[high.pk].cells] == [True, False]
    assert by_pk[star.pk].excellence and not by_pk[star.pk].decidable
    assert [r.wish.pk for r in rows_sorted(rows, "mean")] == [high.pk, low.pk, star.pk]
    assert rows_sorted(rows, "test:english_test")[0].wish.pk == low.pk
