"""The filter of the CFA's list of job sheets (django-filter): the page and its CSV export
filter through the same FilterSet."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm

from .enums import JobSheetState
from .models import JobSheet


class JobSheetFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=JobSheetState.choices, empty_label=_("All"))

    class Meta:
        model = JobSheet
        fields = ["state"]
        form = FilterForm
