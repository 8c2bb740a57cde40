"""A referee's appraisal as the staff and the jury read it (R-JURY-1): the criteria's
labels, the ratings in words, the recommendation's label and the free text, from the
answers `forms.RefereeAnswerForm.answers()` stores. One presenter for every page, PDF and
export that shows an appraisal, so that none shows the stored codes."""

from dataclasses import dataclass, field

from .enums import RATING_WORDS, Recommendation, RefereeQuestions


@dataclass(frozen=True)
class Rating:
    label: str
    points: int
    word: str


@dataclass(frozen=True)
class Appraisal:
    ratings: list[Rating] = field(default_factory=list)
    recommendation: str = ""
    comments: str = ""
    opinion_label: str = ""
    missions: str = ""


def appraisal_of(referee) -> Appraisal | None:
    """The referee's answers in words, or None before they answered."""
    answers = referee.answers or {}
    if not answers:
        return None
    # Answers stored before the supervisor had questions of their own are the school's.
    asked = answers.get("questions")
    questions = RefereeQuestions(asked) if asked in RefereeQuestions.values else RefereeQuestions.SCHOOL
    stored = answers.get("ratings") or {}
    ratings = []
    for key, label in questions.criteria:
        try:
            points = int(stored[key])
        except (KeyError, TypeError, ValueError):
            continue
        ratings.append(Rating(label=str(label), points=points, word=str(RATING_WORDS.get(points, ""))))
    code = answers.get("recommendation") or ""
    recommendation = str(Recommendation(code).label) if code in Recommendation.values else ""
    return Appraisal(
        ratings=ratings,
        recommendation=recommendation,
        comments=answers.get("comments") or "",
        opinion_label=str(questions.opinion_label),
        missions=answers.get("missions") or "",
    )


def with_appraisals(referees):
    """Sets `referee.appraisal` on each referee (no query) and returns them as a list."""
    referees = list(referees)
    for referee in referees:
        referee.appraisal = appraisal_of(referee)
    return referees
