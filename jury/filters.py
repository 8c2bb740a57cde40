"""The filters and sorts of the jury list of an intake (django-filter). The page and its CSV
export filter through the same FilterSet."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from candidates.enums import WishState
from candidates.models import Wish
from core.forms import FilterForm

from .enums import DecisionKind, EligibilityFilter, ReviewFilter

ELIGIBILITY = {
    EligibilityFilter.LISTED: Q(eligibility="listed"),
    EligibilityFilter.JURY: Q(eligibility="jury"),
    EligibilityFilter.ELIGIBLE: Q(eligibility_ruling__eligible=True),
    EligibilityFilter.NOT_ELIGIBLE: Q(eligibility_ruling__eligible=False),
    EligibilityFilter.NOT_RULED: Q(eligibility_ruling__isnull=True),
}

# `my_review_done` and `assigned_to_me` are annotated by `selectors.jury_wish_list`.
REVIEW = {
    ReviewFilter.TO_TAKE: Q(state=WishState.SUBMITTED),
    ReviewFilter.MINE_TO_DO: Q(my_review_done=False),
    ReviewFilter.MINE_DONE: Q(my_review_done=True),
    ReviewFilter.ASSIGNED: Q(assigned_to_me=True),
    ReviewFilter.UNDECIDED: Q(jury_decision__isnull=True),
    ReviewFilter.DECIDED: Q(jury_decision__isnull=False),
}

# Dossiers without a score come last whichever way the scores are sorted.
SORTS = {
    "name": ("application__candidate__last_name", "application__candidate__first_name", "pk"),
    "-name": ("-application__candidate__last_name", "-application__candidate__first_name", "-pk"),
    "score": (F("combined_score").desc(nulls_last=True), "application__candidate__last_name", "pk"),
    "-score": (F("combined_score").asc(nulls_last=True), "application__candidate__last_name", "pk"),
    "date": ("application__submitted_at", "pk"),
    "-date": ("-application__submitted_at", "-pk"),
}

SORT_CHOICES = [
    ("name", _("Name (A → Z)")),
    ("-name", _("Name (Z → A)")),
    ("score", _("Score (highest first)")),
    ("-score", _("Score (lowest first)")),
    ("date", _("Submission date (oldest first)")),
    ("-date", _("Submission date (newest first)")),
]


class JuryWishFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or reference"), max_length=100, method="search")
    eligibility = django_filters.ChoiceFilter(
        label=_("Eligibility"), choices=EligibilityFilter.choices, empty_label=_("All"), method="by_key"
    )
    review = django_filters.ChoiceFilter(
        label=_("Review status"), choices=ReviewFilter.choices, empty_label=_("All"), method="by_key"
    )
    decision = django_filters.ChoiceFilter(
        label=_("Decision"),
        choices=DecisionKind.choices,
        empty_label=_("All"),
        field_name="jury_decision__kind",
    )
    score_min = django_filters.NumberFilter(
        label=_("Score from"), field_name="combined_score", lookup_expr="gte", min_value=0, max_value=20
    )
    score_max = django_filters.NumberFilter(
        label=_("Score up to"), field_name="combined_score", lookup_expr="lte", min_value=0, max_value=20
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="order"
    )

    class Meta:
        model = Wish
        fields = ["q", "eligibility", "review", "decision", "score_min", "score_max", "sort"]
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(application__candidate__last_name__icontains=value)
            | Q(application__candidate__first_name__icontains=value)
            | Q(application__reference__icontains=value)
        )

    def by_key(self, queryset, name, value):
        return queryset.filter({"eligibility": ELIGIBILITY, "review": REVIEW}[name][value])

    def order(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])
