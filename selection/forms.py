from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import inner_helper

from .enums import AdmissibilityOutcome


class AdmissibilityForm(forms.Form):
    """The president's decision on one candidate."""

    outcome = forms.ChoiceField(
        label=_("Admissibility"), choices=AdmissibilityOutcome.choices, widget=forms.RadioSelect
    )
    rank = forms.IntegerField(
        label=_("Rank on the admissible list"),
        required=False,
        min_value=1,
        help_text=_("Admissible candidates only: the order kept for the complementary list."),
    )
    comment = forms.CharField(
        label=_("Comment for the minutes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()


class BulkAdmissibilityForm(forms.Form):
    """The decision for the candidates ticked in the list: each row holds its `wishes`
    checkbox, in the order of the list."""

    wishes = forms.ModelMultipleChoiceField(
        label=_("Candidates"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.ChoiceField(
        label=_("Admissibility"), choices=AdmissibilityOutcome.choices, widget=forms.RadioSelect
    )
    rank_in_order = forms.BooleanField(
        label=_("Rank the selected candidates in the order of the list, after the ranks already given"),
        required=False,
    )

    def __init__(self, *args, wishes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wishes"].queryset = wishes
        self.fields["wishes"].error_messages["required"] = _("Select at least one candidate.")
        self.helper = inner_helper()
        self.helper.layout = Layout("outcome", "rank_in_order")

    def ordered_wishes(self, order: list[str]) -> list:
        """The chosen wishes in the order the page listed them (the POST's order)."""
        position = {value: index for index, value in enumerate(order)}
        return sorted(self.cleaned_data["wishes"], key=lambda w: position.get(str(w.pk), len(position)))
