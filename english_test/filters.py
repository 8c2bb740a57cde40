"""The filters of the staff list of English tests (django-filter)."""

import django_filters
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm

from . import selectors
from .enums import TakeState
from .models import Take


class TakeFilterForm(FilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.wrapper_class = ""
        self.helper.layout = Layout(
            Field("q", wrapper_class="col-12 col-md-6"),
            Field("state", wrapper_class="col-12 col-md-3"),
        )


class TakeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        help_text=_("E-mail, name or dossier reference."),
        widget=forms.TextInput(attrs={"type": "search"}),
        method="search",
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=TakeState.choices, empty_label=_("All"))

    class Meta:
        model = Take
        fields = ["q", "state"]
        form = TakeFilterForm

    def search(self, queryset, name, value):
        return selectors.search(queryset, value)
