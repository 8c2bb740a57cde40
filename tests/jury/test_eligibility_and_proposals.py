"""Issue 12, the jury: no decision on a title the jury must judge before its eligibility
ruling (R-ELIG-2/3/4), and who decides (R-JURY-1/3): members propose, the president decides
and reads every proposal."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from admissions.models import Campaign
from candidates.enums import Eligibility, WishState
from jury import services
from jury.enums import DecisionKind, DecisionStatus
from jury.models import Decision, Review
from jury.selectors import dossier_reviews
from notifications.models import OutboxMessage
from notifications.services import milestones_tick
from privacy.services import export_build
from tests.factories import referee_answers

from .conftest import RESULTS_DAY_8AM
from .factories import received_referee, submitted_wish
from .test_services import _english_messages, full_scores  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english_messages")]


# --- eligibility before decision (R-ELIG-2, R-ELIG-3, R-ELIG-4) -------------------------


def test_R_ELIG_2_3_4_no_decision_on_a_title_for_the_jury_before_its_ruling(personas, intake_x):
    wish = submitted_wish(intake_x, eligibility=Eligibility.JURY)
    with pytest.raises(services.EligibilityNotRuled, match="eligibility ruling"):
        services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    assert not Decision.objects.filter(wish=wish).exists()
    services.eligibility_rule(
        wish=wish, actor=personas.jury_x, eligible=True, comment="Bachelor étranger, 180 ECTS"
    )
    decision = services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    assert decision.kind == DecisionKind.STANDARD


def test_R_ELIG_2_a_listed_title_needs_no_ruling(personas, intake_x):
    wish = submitted_wish(intake_x, eligibility=Eligibility.LISTED)
    assert services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE)


def test_R_ELIG_4_bulk_decision_skips_and_names_the_unruled_dossiers(personas, login, intake_x):
    listed = submitted_wish(intake_x)
    second_year_like = submitted_wish(intake_x, eligibility=Eligibility.JURY)
    with translation.override("fr"):
        client = login(personas.president)
        list_url = reverse("jury:intake", args=[intake_x.pk])
        client.get(list_url)
        response = client.post(
            reverse("jury:intake_bulk_decide", args=[intake_x.pk]),
            {"wishes": [listed.pk, second_year_like.pk], "kind": "standard", "next": list_url},
            follow=True,
        )
    messages = [str(m) for m in response.context["messages"]]
    assert any("1 dossier(s)" in m or "1 dossier" in m for m in messages), messages
    name = second_year_like.application.candidate.get_full_name()
    skipped = [m for m in messages if m.startswith(name)]
    assert skipped and "recevabilité" in skipped[0], messages
    assert Decision.objects.filter(wish=listed).exists()
    assert not Decision.objects.filter(wish=second_year_like).exists()


def test_R_ELIG_3_release_holds_back_a_decision_without_ruling(personas, intake_x):
    """A draft decided before the rule (or whose ruling was removed) is not released."""
    foreign = submitted_wish(intake_x, eligibility=Eligibility.JURY)
    services.eligibility_rule(wish=foreign, actor=personas.president, eligible=True, comment="Équivalence")
    services.decision_set(wish=foreign, actor=personas.president, kind=DecisionKind.STANDARD)
    foreign.eligibility_ruling.delete()
    report = services.decisions_release(campaign=intake_x.campaign, now=RESULTS_DAY_8AM)
    assert report.released == 0 and [reason for _w, reason in report.skipped] == ["No eligibility ruling"]
    assert Decision.objects.get(wish=foreign).status == DecisionStatus.DRAFT
    assert OutboxMessage.objects.count() == 0


def test_R_ELIG_3_release_page_names_the_decisions_held_back(personas, login, intake_x):
    foreign = submitted_wish(
        intake_x, eligibility=Eligibility.JURY, application__candidate__last_name="Sansrecevabilité"
    )
    services.eligibility_rule(wish=foreign, actor=personas.president, eligible=True, comment="Équivalence")
    services.decision_set(wish=foreign, actor=personas.president, kind=DecisionKind.STANDARD)
    foreign.eligibility_ruling.delete()
    with time_machine.travel(RESULTS_DAY_8AM, tick=False), translation.override("fr"):
        client = login(personas.president)
        response = client.post(reverse("jury:release", args=[2021]), follow=True)
    text = response.content.decode()
    assert "1 décision(s) retenue(s)" in text and "Sansrecevabilité" in text
    assert "Pas de décision de recevabilité" in text


def test_R_ELIG_2_dossier_page_says_the_ruling_comes_first(personas, login, intake_x):
    wish = submitted_wish(intake_x, eligibility=Eligibility.JURY)
    page = login(personas.president).get(reverse("jury:wish", args=[wish.pk])).content.decode()
    assert "aucune décision avant la décision de recevabilité" in page


# --- who decides (R-JURY-1, R-JURY-3) ----------------------------------------------------


def test_R_JURY_3_a_member_ruling_not_eligible_proposes_and_does_not_decide(personas, intake_x):
    wish = submitted_wish(intake_x)
    services.eligibility_rule(wish=wish, actor=personas.jury_x, eligible=False, comment="Titre sans lien")
    assert not Decision.objects.filter(wish=wish).exists()
    proposal = Review.objects.get(wish=wish, reviewer=personas.jury_x)
    assert proposal.proposal == DecisionKind.REJECTED and "Titre sans lien" in proposal.comment
    assert proposal.submitted_at is None
    # The president's ruling is the one that drafts the rejection, in his name.
    services.eligibility_rule(wish=wish, actor=personas.president, eligible=False, comment="Confirmé")
    decision = Decision.objects.get(wish=wish)
    assert decision.kind == DecisionKind.REJECTED and decision.decided_by == personas.president


def test_R_JURY_3_a_member_ruling_keeps_a_submitted_review(personas, intake_x):
    wish = submitted_wish(intake_x)
    services.review_save(
        wish=wish, reviewer=personas.jury_x, scores=full_scores(wish, 12), proposal="standard", submit=True
    )
    services.eligibility_rule(wish=wish, actor=personas.jury_x, eligible=False, comment="Après coup")
    assert Review.objects.get(wish=wish, reviewer=personas.jury_x).proposal == "standard"
    assert not Decision.objects.filter(wish=wish).exists()


def test_R_JURY_1_president_sees_every_review_without_reviewing(personas, login, intake_x, jury_x_bis):
    wish = submitted_wish(intake_x)
    services.review_save(
        wish=wish, reviewer=jury_x_bis, scores=full_scores(wish, 15), proposal="excellence", submit=True
    )
    own, others = dossier_reviews(wish=wish, user=personas.president, see_all=True)
    assert own is None and [r.reviewer for r in others] == [jury_x_bis]
    page = login(personas.president).get(reverse("jury:wish", args=[wish.pk])).content.decode()
    assert "15,00/20" in page and "Excellence académique" in page
    assert "Affiché une fois votre propre évaluation" not in page
    # A member still judges first.
    member_page = login(personas.jury_x).get(reverse("jury:wish", args=[wish.pk])).content.decode()
    assert "15,00/20" not in member_page


# --- referee appraisals in words (R-JURY-1) -----------------------------------------------


def test_R_JURY_1_jury_and_staff_read_the_appraisal_as_the_referee_answered(personas, login, intake_x):
    wish = submitted_wish(intake_x)
    received_referee(
        wish,
        answers=referee_answers(rating_teamwork="2", recommendation="reserved", comments="Peu d'équipe."),
    )
    pages = {
        "jury": login(personas.jury_x).get(reverse("jury:wish", args=[wish.pk])),
        "staff": login(personas.admin).get(reverse("candidates:staff_detail", args=[wish.application_id])),
    }
    for audience, response in pages.items():
        html = response.content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        for shown in (
            "Niveau académique",
            "5 / 5 – Excellent",
            "Travail en équipe et communication",
            "2 / 5 – Passable",
            # The question is a value now (the referee's question set), escaped like any value.
            "Avis global de poursuite d&#x27;études",
            "Réservé",
            "Peu d&#x27;équipe.",
        ):
            assert shown in main, (audience, shown)
        for code in ("academic_level", "teamwork", "reserved", "&#x27;ratings&#x27;", "{&#x27;"):
            assert code not in main, (audience, code)  # no stored code, no raw dictionary


# --- overrides: by e-mail, after the next embargo (R-JURY-5) ----------------------------

BEFORE_ADMISSIBILITY = dt.datetime(2021, 4, 10, 10, 0, tzinfo=dt.UTC)
ADMISSIBILITY_DAY_8AM = dt.datetime(2021, 4, 21, 6, 0, tzinfo=dt.UTC)  # 08:00 Paris


def _released(personas, wish, kind):
    decision = services.decision_set(wish=wish, actor=personas.president, kind=kind)
    services.decisions_release(campaign=wish.intake.campaign, now=RESULTS_DAY_8AM)
    OutboxMessage.objects.all().delete()  # the results letter: not what these tests read
    decision.refresh_from_db()
    return decision


def test_R_JURY_5_override_of_a_released_decision_mails_the_candidate(personas, intake_x):
    """After the admissibility results date an override shows, and is mailed, at once."""
    wish = submitted_wish(intake_x, application__candidate__preferred_language="en")
    decision = _released(personas, wish, DecisionKind.STANDARD)
    with time_machine.travel(ADMISSIBILITY_DAY_8AM, tick=False):
        services.decision_override(
            decision=decision, actor=personas.admin, kind=DecisionKind.EXCELLENCE, reason="Erreur de report"
        )
    wish.refresh_from_db()
    assert wish.state == WishState.ADMISSIBLE
    mail = OutboxMessage.objects.get(user=wish.application.candidate, template_key="jury.decision_overridden")
    assert "has been corrected" in mail.subject and "Academic excellence" in mail.body_text
    assert "Erreur de report" not in mail.body_text  # the reason stays in the audit log


def test_R_JURY_5_override_to_admissible_waits_for_the_admissibility_results(personas, login, intake_x):
    wish = submitted_wish(intake_x)
    decision = _released(personas, wish, DecisionKind.STANDARD)
    candidate = wish.application.candidate
    with time_machine.travel(BEFORE_ADMISSIBILITY, tick=False):
        decision = services.decision_override(
            decision=decision, actor=personas.admin, kind=DecisionKind.EXCELLENCE, reason="Erreur de PV"
        )
        assert decision.override_applies_at == Campaign.paris_start_of(
            intake_x.campaign.admissibility_results_on
        )
        # Invisible on every channel: the wish, the candidate's page, their data, no e-mail.
        wish.refresh_from_db()
        assert wish.state == WishState.PRE_ADMISSIBLE
        client = login(candidate)
        home = client.get(reverse("candidates:home")).content.decode()
        assert "Pré-admissible" in home and "Admissible</" not in home
        archive = zipfile.ZipFile(io.BytesIO(export_build(candidate)))
        data = archive.read("data.json").decode()
        assert '"admissible"' not in data and '"excellence"' not in data
        assert not OutboxMessage.objects.filter(user=candidate).exists()
        # The milestone does nothing before its date.
        assert services.overrides_apply_due(campaign=intake_x.campaign) == 0
    with time_machine.travel(ADMISSIBILITY_DAY_8AM, tick=False):
        assert milestones_tick()
    wish.refresh_from_db()
    decision.refresh_from_db()
    assert wish.state == WishState.ADMISSIBLE and decision.override_applies_at is None
    mail = OutboxMessage.objects.get(user=candidate, template_key="jury.decision_overridden")
    assert "corrigé" in mail.subject and "Excellence académique" in mail.body_text
    with time_machine.travel(ADMISSIBILITY_DAY_8AM, tick=False):
        assert services.overrides_apply_due(campaign=intake_x.campaign) == 0  # once


def test_R_JURY_5_override_page_says_when_the_candidate_sees_it(personas, login, intake_x):
    wish = submitted_wish(intake_x)
    decision = _released(personas, wish, DecisionKind.STANDARD)
    url = reverse("jury:decision_override", args=[decision.pk])
    admin = login(personas.admin)
    with time_machine.travel(BEFORE_ADMISSIBILITY, tick=False):
        response = admin.post(url, {"kind": "excellence", "reason": "PV"}, follow=True)
    page = response.content.decode()
    assert "21/04/2021" in page and "résultats d&#x27;admissibilité" in page
