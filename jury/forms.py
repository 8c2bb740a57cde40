from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import (
    KINDS_BY_LEVEL,
    OPTIONAL_TESTS,
    DecisionKind,
    EligibilityFilter,
    ProbatoryTest,
    ReviewFilter,
)

SORT_CHOICES = [
    ("name", _("Name (A → Z)")),
    ("-name", _("Name (Z → A)")),
    ("score", _("Score (highest first)")),
    ("-score", _("Score (lowest first)")),
    ("date", _("Submission date (oldest first)")),
    ("-date", _("Submission date (newest first)")),
]


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    eligibility = forms.ChoiceField(
        label=_("Eligibility"), required=False, choices=[("", _("All")), *EligibilityFilter.choices]
    )
    review = forms.ChoiceField(
        label=_("Review status"), required=False, choices=[("", _("All")), *ReviewFilter.choices]
    )
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", _("All")), *DecisionKind.choices]
    )
    score_min = forms.DecimalField(label=_("Score from"), required=False, min_value=0, max_value=20)
    score_max = forms.DecimalField(label=_("Score up to"), required=False, min_value=0, max_value=20)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligibility of the dossier"),
        choices=[("yes", _("Eligible")), ("no", _("Not eligible"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Equivalence comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required for another French title or a foreign title, and to rule a dossier not eligible."
        ),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    proposal = forms.ChoiceField(label=_("Your proposal to the president"), required=False)

    def __init__(self, *args, criteria, level, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=_("%(label)s (out of %(max)s, weight %(weight)s)")
                % {
                    "label": criterion.label,
                    "max": criterion.max_points,
                    "weight": criterion.weight.normalize(),
                },
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=2,
                required=False,
            )
        self.fields["proposal"].choices = [("", _("No proposal"))] + [
            (k.value, k.label) for k in KINDS_BY_LEVEL[level]
        ]
        self.order_fields([f"score_{c.pk}" for c in criteria] + ["proposal", "comment"])

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


def _test_choices(level):
    tests = []
    for (lvl, _kind), optional in OPTIONAL_TESTS.items():
        if lvl == level:
            tests.extend(optional)
    return [(t.value, ProbatoryTest(t).label) for t in dict.fromkeys(tests)]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    tests = forms.MultipleChoiceField(
        label=_("Additional probatory tests"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The mandatory tests of the level are always added."),
    )
    tests_note = forms.CharField(label=_("Nature of the optional oral tests"), required=False, max_length=500)
    comment = forms.CharField(
        label=_("Comment for the minutes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, level, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in KINDS_BY_LEVEL[level]]
        self.fields["tests"].choices = _test_choices(level)


class BulkDecisionForm(DecisionForm):
    wishes = forms.ModelMultipleChoiceField(
        label=_("Dossiers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, level, wishes, **kwargs):
        super().__init__(*args, level=level, **kwargs)
        self.fields["wishes"].queryset = wishes
        self.fields["wishes"].error_messages["required"] = _("Select at least one dossier.")


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Nature of the link (optional)"), required=False, max_length=255)


class AssignmentForm(forms.Form):
    wish = forms.ModelChoiceField(label=_("Dossier"), queryset=None)
    member = forms.ModelChoiceField(label=_("Jury member"), queryset=None)

    def __init__(self, *args, wishes, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wish"].queryset = wishes
        self.fields["wish"].label_from_instance = lambda w: (
            f"{w.application.candidate.get_full_name()} ({w.application.reference or w.pk})"
        )
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda u: u.get_full_name() or u.email


class OverrideForm(forms.Form):
    kind = forms.ChoiceField(label=_("New decision"))
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, level, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in KINDS_BY_LEVEL[level]]
