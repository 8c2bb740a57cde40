"""The filters of the staff list of dossiers (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm

from .enums import WishState
from .models import Application, Wish


class StaffFilterForm(FilterForm):
    columns = "col-sm-4"


def status_choices():
    return [
        ("submitted", _("Submitted dossiers")),
        ("draft", _("Not submitted")),
        *[(s.value, _("Choice: %(state)s") % {"state": s.label}) for s in WishState if s != WishState.DRAFT],
    ]


# A status is either the dossier's (submitted or not) or one its wishes is in.
DOSSIER_STATUS = {
    "submitted": Q(submitted_at__isnull=False),
    "draft": Q(submitted_at__isnull=True),
}


class StaffApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search (name, e-mail, reference)"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=status_choices, empty_label=_("All"), method="filter_status"
    )
    program = django_filters.ChoiceFilter(label=_("Program"), empty_label=_("All"), method="filter_program")

    class Meta:
        model = Application
        fields = ["q", "status", "program"]
        form = StaffFilterForm

    def __init__(self, data=None, queryset=None, *, programs=(), **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["program"].extra["choices"] = [(p.code, p.name) for p in programs]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(candidate__email__icontains=value)
            | Q(candidate__last_name__icontains=value)
            | Q(candidate__first_name__icontains=value)
            | Q(reference__iexact=value)
        )

    def filter_status(self, queryset, name, value):
        if value in DOSSIER_STATUS:
            return queryset.filter(DOSSIER_STATUS[value])
        return queryset.filter(Exists(Wish.objects.filter(application=OuterRef("pk"), state=value)))

    def filter_program(self, queryset, name, value):
        return queryset.filter(
            Exists(Wish.objects.filter(application=OuterRef("pk"), intake__program__code=value))
        )
