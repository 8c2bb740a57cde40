from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import inner_helper

from .enums import (
    KINDS_BY_LEVEL,
    OPTIONAL_TESTS,
    ProbatoryTest,
)


class JuryForm(forms.Form):
    """The dossier page holds several jury forms: each names its fields' ids after itself
    (`review_comment`, `decision_comment`…) so that no two ids collide."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class EligibilityForm(JuryForm):
    id_prefix = "eligibility"
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


class ReviewForm(JuryForm):
    id_prefix = "review"
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    proposal = forms.ChoiceField(label=_("Your proposal to the president"), required=False)

    def __init__(self, *args, criteria, level, decides=False, **kwargs):
        """`decides`: the president's own review, which proposes nothing to anyone (they
        decide in the decision form); a member's proposes a decision to the president."""
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
                widget=forms.NumberInput(attrs={"step": "0.25"}),
            )
        self.fields["proposal"].choices = [("", _("No proposal"))] + [
            (k.value, k.label) for k in KINDS_BY_LEVEL[level]
        ]
        self.order_fields([f"score_{c.pk}" for c in criteria] + ["proposal", "comment"])
        if decides:
            del self.fields["proposal"]

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


def _test_choices(level):
    tests = []
    for (lvl, _kind), optional in OPTIONAL_TESTS.items():
        if lvl == level:
            tests.extend(optional)
    return [(t.value, ProbatoryTest(t).label) for t in dict.fromkeys(tests)]


class DecisionForm(JuryForm):
    id_prefix = "decision"
    kind = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    tests = forms.MultipleChoiceField(
        label=_("Additional selection tests"),
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
        self.helper = inner_helper()


class BulkDecisionForm(DecisionForm):
    """The decision for the dossiers ticked in the list: each row of the table holds its
    `wishes` checkbox; a bulk decision takes no comment."""

    id_prefix = "bulk"
    wishes = forms.ModelMultipleChoiceField(
        label=_("Dossiers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, level, wishes, **kwargs):
        super().__init__(*args, level=level, **kwargs)
        self.fields["wishes"].queryset = wishes
        self.fields["wishes"].error_messages["required"] = _("Select at least one dossier.")
        self.helper.layout = Layout("kind", "tests", "tests_note")


class ConflictForm(JuryForm):
    id_prefix = "conflict"

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
