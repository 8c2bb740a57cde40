"""The filters of the CFA's trainees list (django-filter); the page and its CSV export
filter through the same FilterSet."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admissions.models import Intake
from candidates.enums import WishState
from core.forms import FilterForm

from .models import ComplementaryEntry

TRAINEE_STATE_CHOICES = [
    (WishState.COMPLEMENTARY, _("Trainee, without a contract yet")),
    (WishState.ENROLLED, _("Enrolled (contract signed)")),
    (WishState.LEFT, _("Left the program")),
]


class TraineeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or reference"), max_length=100, method="search")
    intake = django_filters.ModelChoiceFilter(
        label=_("Intake"), queryset=Intake.objects.none(), field_name="draw__intake", empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=TRAINEE_STATE_CHOICES, empty_label=_("All"), field_name="wish__state"
    )

    class Meta:
        model = ComplementaryEntry
        fields = ["q", "intake", "state"]
        form = FilterForm

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["intake"].queryset = (
            Intake.objects.filter(campaign=campaign)
            .select_related("program")
            .order_by("program__code", "level")
        )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(wish__application__candidate__last_name__icontains=value)
            | Q(wish__application__candidate__first_name__icontains=value)
            | Q(wish__application__reference__icontains=value)
        )
