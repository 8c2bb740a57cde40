"""The jury's forms: the grade on the session's grid and the second take's reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import inner_helper

from .enums import Proposal


class GradeForm(forms.Form):
    proposal = forms.ChoiceField(
        label=_("Proposed next step"), choices=Proposal.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, grid=(), grade=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = list(grid)
        fields = {}
        for criterion in self.grid:
            fields[f"score_{criterion.code}"] = forms.IntegerField(
                label=_("%(label)s (0 to %(max)s)") % {"label": criterion.label, "max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                initial=(grade.scores.get(criterion.code) if grade else None),
            )
        self.fields = {**fields, **self.fields}
        if grade is not None:
            self.fields["proposal"].initial = grade.proposal
            self.fields["comment"].initial = grade.comment
        self.helper = inner_helper()

    def scores(self) -> dict:
        return {c.code: self.cleaned_data[f"score_{c.code}"] for c in self.grid}


class SecondTakeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for a second take"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()
