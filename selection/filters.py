"""The filters of the admissibility deliberation list (django-filter). The sort is read here
too, but applied to the rows in Python (`selectors.rows_sorted`): the tests' scores come
from their apps through the registry, not from SQL."""

import django_filters
from django.utils.translation import gettext_lazy as _

from candidates.models import Wish
from core.forms import FilterForm
from jury.filters import JuryWishFilter

from . import registry
from .enums import DeliberationFilter
from .selectors import DELIBERATION_FILTERS, sort_choices


class DeliberationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or reference"), max_length=100, method="search")
    decision = django_filters.ChoiceFilter(
        label=_("Decision"), choices=DeliberationFilter.choices, empty_label=_("All"), method="by_decision"
    )
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=[], empty_label=None, method="keep")

    class Meta:
        model = Wish
        fields = ["q", "decision", "sort"]
        form = FilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["sort"].extra["choices"] = sort_choices(registry.registered_tests())

    # By name or reference, as the jury list searches.
    search = JuryWishFilter.search

    def by_decision(self, queryset, name, value):
        return queryset.filter(DELIBERATION_FILTERS[value])

    def keep(self, queryset, name, value):
        return queryset

    @property
    def chosen_sort(self) -> str:
        """The sort asked for, once the form is valid ("name" otherwise)."""
        if self.form.is_valid():
            return self.form.cleaned_data.get("sort") or "name"
        return "name"
