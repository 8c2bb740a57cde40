"""Pure computations of the scoring grid (no database writes)."""

from decimal import ROUND_HALF_UP, Decimal

SCALE = Decimal(20)
DEFAULT_CRITERIA = [
    # code, French label, English label, weight, max points
    (
        "results",
        "Résultats des deux dernières années d'études",
        "Results of the last two years of study",
        3,
        20,
    ),
    ("path", "Parcours depuis le baccalauréat", "Path since the baccalauréat", 2, 20),
    ("opinion", "Avis de poursuite d'études", "“Avis de poursuite d'études” (origin establishment)", 2, 20),
    (
        "appraisals",
        "Appréciations (responsable de formation, tuteur)",
        "Appraisals (program head, supervisor)",
        1,
        20,
    ),
]


def review_total(scores: dict, criteria) -> Decimal | None:
    """Weighted mean of the points, each brought to /20: sum(w * p / max) / sum(w) * 20."""
    weights = sum((Decimal(c.weight) for c in criteria), Decimal(0))
    if not weights:
        return None
    acc = Decimal(0)
    for criterion in criteria:
        points = Decimal(scores[criterion.pk])
        acc += Decimal(criterion.weight) * points / Decimal(criterion.max_points)
    return (acc / weights * SCALE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
