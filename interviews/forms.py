"""Forms of live interviews (crispy-forms lays them out; no business logic here)."""

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from admissions.models import PARIS
from core.forms import inner_helper
from jury.enums import ProbatoryTest

from .enums import GRADING_CRITERIA, TESTS_BY_LEVEL, GradeProposal


class SlotOpenForm(forms.Form):
    """Open slots over days and hours, with a panel."""

    test = forms.ChoiceField(label=_("Test"))
    first_day = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    skip_weekends = forms.BooleanField(label=_("Skip Saturdays and Sundays"), required=False, initial=True)
    start = forms.TimeField(
        label=_("From (Paris time)"), widget=forms.TimeInput(attrs={"type": "time"}), initial=dt.time(9, 0)
    )
    end = forms.TimeField(
        label=_("To (Paris time)"), widget=forms.TimeInput(attrs={"type": "time"}), initial=dt.time(12, 0)
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Panel"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Nature of the test"),
        required=False,
        max_length=255,
        help_text=_("For an optional oral test: its nature and modalities, shown to the candidate."),
    )

    def __init__(self, *args, intake, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["test"].choices = [
            (str(t), ProbatoryTest(t).label) for t in TESTS_BY_LEVEL.get(intake.level, ())
        ]
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda user: user.get_full_name() or user.email
        self.helper = inner_helper()

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day comes before the first."))
        elif first and last and (last - first).days > 31:
            self.add_error("last_day", _("At most 31 days at once."))
        return data

    def days(self) -> list[dt.date]:
        first, last = self.cleaned_data["first_day"], self.cleaned_data["last_day"]
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        if self.cleaned_data["skip_weekends"]:
            days = [day for day in days if day.weekday() < 5]
        return days


class GradeForm(forms.Form):
    """The panel's grid: points per criterion (the total on 20 is their sum), a comment,
    a proposal."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    proposal = forms.ChoiceField(label=_("Proposal"), choices=GradeProposal.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = {
            f"score_{code}": forms.DecimalField(
                label=_("%(criterion)s (out of %(max)d)") % {"criterion": label, "max": maximum},
                min_value=0,
                max_value=maximum,
                decimal_places=1,
                max_digits=3,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )
            for code, label, maximum in GRADING_CRITERIA
        }
        self.fields = {**criteria, **self.fields}
        self.helper = inner_helper()

    def scores(self) -> dict:
        return {code: self.cleaned_data[f"score_{code}"] for code, _label, _max in GRADING_CRITERIA}


class MoveForm(forms.Form):
    """The jury moves a booking to another free slot, with a reason sent to the candidate."""

    slot = forms.ModelChoiceField(label=_("New slot"), queryset=None)
    reason = forms.CharField(label=_("Reason (sent to the candidate)"), max_length=255)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = _slot_label
        self.helper = inner_helper()


class JuryCancelForm(forms.Form):
    """The jury cancels a booking, with a reason sent to the candidate (prefixed: the move
    form on the same page has a reason too)."""

    prefix = "cancel"
    reason = forms.CharField(label=_("Reason (sent to the candidate)"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()


def _slot_label(slot) -> str:
    return date_format(slot.starts_at.astimezone(PARIS), "l j F Y, H:i")
