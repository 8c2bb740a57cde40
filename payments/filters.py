"""The filters of the staff list of payments (django-filter)."""

import django_filters
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm

from .enums import PaymentState, ProviderCode
from .models import Payment


class PaymentFilterForm(FilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.wrapper_class = ""
        self.helper.layout = Layout(
            Field("q", wrapper_class="col-12 col-md-4"),
            Field("provider", wrapper_class="col-6 col-md-2"),
            Field("state", wrapper_class="col-6 col-md-2"),
            Div("flagged", css_class="col-12 col-md-2"),
        )


class PaymentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        help_text=_("E-mail, name or reference."),
        widget=forms.TextInput(attrs={"type": "search"}),
        method="search",
    )
    provider = django_filters.ChoiceFilter(
        label=_("Provider"), choices=ProviderCode.choices, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=PaymentState.choices, empty_label=_("All"))
    # Unticked means every payment, not the unflagged ones.
    flagged = django_filters.BooleanFilter(
        label=_("Only payments to check"), widget=forms.CheckboxInput, method="only_flagged"
    )

    class Meta:
        model = Payment
        fields = ["q", "provider", "state", "flagged"]
        form = PaymentFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(application__candidate__email__icontains=value)
            | Q(application__candidate__last_name__icontains=value)
            | Q(application__reference__iexact=value)
            | Q(provider_reference__icontains=value)
        )

    def only_flagged(self, queryset, name, value):
        return queryset.filter(flagged=True) if value else queryset
