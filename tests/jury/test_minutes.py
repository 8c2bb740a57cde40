"""The deliberation minutes are an official document (issue 16): candidates with their
scores and decisions in words, each change as a sentence, a signature block, in French and
English. Read back from the PDF's text, as a reader would."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from jury import services
from jury.enums import DecisionKind
from jury.models import Decision
from jury.pdf import minutes_pdf
from jury.selectors import scoring_criteria

from .conftest import RESULTS_DAY_8AM
from .factories import submitted_wish

pytestmark = pytest.mark.django_db

DECIDED = dt.datetime(2021, 3, 25, 9, 0, tzinfo=dt.UTC)  # 10 h Paris (CET)
CHANGED = dt.datetime(2021, 3, 26, 13, 5, tzinfo=dt.UTC)  # 14 h 05 Paris


def text_of(pdf: bytes) -> str:
    """The PDF's words, one space apart (lines and no-break spaces do not matter)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def deliberated(personas, intake_x):
    personas.president.first_name, personas.president.last_name = "Paule", "Martin"
    personas.president.save()
    personas.jury_x.first_name, personas.jury_x.last_name = "Jean", "Durand"
    personas.jury_x.save()
    wish = submitted_wish(
        intake_x, application__candidate__last_name="Dupont", application__candidate__first_name="Léa"
    )
    scores = {c.pk: 14 for c in scoring_criteria(intake_x.campaign)}
    services.review_save(wish=wish, reviewer=personas.jury_x, scores=scores, submit=True)
    with time_machine.travel(DECIDED, tick=False):
        services.eligibility_rule(wish=wish, actor=personas.jury_x, eligible=True)
        services.decision_set(wish=wish, actor=personas.president, kind=DecisionKind.STANDARD)
    with time_machine.travel(CHANGED, tick=False):
        services.decision_set(
            wish=wish, actor=personas.president, kind=DecisionKind.EXCELLENCE, comment="Très bon dossier"
        )
    return wish


def test_minutes_in_french_name_candidates_decisions_and_changes_in_sentences(deliberated, intake_x):
    text = text_of(minutes_pdf(intake=intake_x, language="fr"))
    assert "DUPONT Léa" in text
    assert "Excellence académique (1)" in text
    assert "Dossier jugé recevable par Jean Durand le 25 mars 2021 à 10 h." in text
    assert "Décision « Standard » enregistrée par Paule Martin le 25 mars 2021 à 10 h." in text
    assert (
        "Décision modifiée de « Standard » en « Excellence académique » par Paule Martin "
        "le 26 mars 2021 à 14 h 05. Commentaire : Très bon dossier" in text
    )
    # Never a code or a stored dictionary.
    for code in ("jury.decision", "excellence'", "{", "standard →", "'kind'"):
        assert code not in text
    # The signature block: the president and each member.
    assert "Signatures" in text
    assert "Paule Martin Président du jury" in text and "Jean Durand Membre du jury" in text


def test_minutes_in_english(deliberated, intake_x):
    text = text_of(minutes_pdf(intake=intake_x, language="en"))
    assert "Dossier ruled eligible by Jean Durand on 25 March 2021 at 10:00." in text
    assert "Decision “Standard” recorded by Paule Martin on 25 March 2021 at 10:00." in text
    assert (
        "Decision changed from “Standard” to “Academic excellence” by Paule Martin "
        "on 26 March 2021 at 14:05. Comment: Très bon dossier" in text
    )
    assert "Paule Martin Jury president" in text and "Jean Durand Jury member" in text


def test_minutes_print_the_combined_score_served_to_the_jury(personas, login, deliberated, intake_x):
    response = login(personas.jury_x).get(reverse("jury:minutes", args=[intake_x.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Note combinée /20" in text
    assert "14,00 Excellence académique Brouillon (non publiée)" in text


def test_release_and_override_read_as_sentences_too(personas, deliberated, intake_x):
    """The portal's release (no person) and an administrator's correction, in words."""
    personas.admin.first_name, personas.admin.last_name = "Alix", "Admin"
    personas.admin.save()
    with time_machine.travel(RESULTS_DAY_8AM, tick=False):
        decision = Decision.objects.get(wish=deliberated)
        services.decision_override(
            decision=decision, actor=personas.admin, kind=DecisionKind.STANDARD, reason="Diplôme non obtenu"
        )
        services.decisions_release(campaign=intake_x.campaign, actor=None, now=RESULTS_DAY_8AM)
    french = text_of(minutes_pdf(intake=intake_x, language="fr"))
    assert "Décision publiée au candidat par le portail le 30 mars 2021 à 8 h." in french
    assert (
        "Décision corrigée de « Excellence académique » en « Standard » par Alix Admin "
        "le 30 mars 2021 à 8 h. Commentaire : Diplôme non obtenu" in french
    )
    english = text_of(minutes_pdf(intake=intake_x, language="en"))
    assert "Decision released to the candidate by the portal on 30 March 2021 at 8:00." in english
    assert "Decision overridden from “Academic excellence” to “Standard” by Alix Admin" in english
    assert "jury." not in english and "pre_admissible" not in english and "{" not in english
