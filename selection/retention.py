"""How the data download covers the admissibility decisions (core.retention, docs/privacy.md)."""

from django.utils import timezone

from core.retention import register_personal_data

from .enums import AdmissibilityStatus
from .models import AdmissibilityDecision


def _decisions(user):
    # Released only (R-TEST-8): a draft, its comment and the rank stay the jury's work.
    decisions = AdmissibilityDecision.objects.filter(
        wish__application__candidate=user,
        status=AdmissibilityStatus.RELEASED,
        released_at__lte=timezone.now(),
    )
    return [
        {"wish_id": d.wish_id, "decision": d.outcome, "released_at": d.released_at}
        for d in decisions.order_by("pk")
    ]


def register() -> None:
    register_personal_data("selection.AdmissibilityDecision", export=_decisions)
