"""Reads shared by the public pages and later apps."""

from django.db.models import Prefetch

from .models import Campaign, EligibleTitle, Intake


def current_campaign() -> Campaign | None:
    return Campaign.objects.current()


def public_intakes(campaign: Campaign):
    """The intakes offered to candidates, with places and eligible titles, in 3 queries."""
    return (
        Intake.objects.open_to_candidates()
        .filter(campaign=campaign)
        .select_related("program")
        .prefetch_related(
            Prefetch(
                "eligible_titles", queryset=EligibleTitle.objects.order_by("position", "kind", "name_fr")
            )
        )
        .order_by("level", "program__code")
    )
