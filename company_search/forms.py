"""Forms of company-search support, laid out by crispy-forms (the page writes the <form>)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admissions.models import Program
from core.forms import inner_helper

from .enums import NEED_FLAGS, Mobility, Region, Sector
from .models import TrainingDay


class NeedsForm(forms.Form):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors where you look for a company"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions where you look for a company"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mobility = forms.ChoiceField(
        label=_("Mobility"), choices=[("", _("Not said")), *Mobility.choices], required=False
    )
    comment = forms.CharField(
        label=_("Anything else the CFA should know"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in NEED_FLAGS:
            self.fields[name] = forms.BooleanField(label=label, required=False)
        # The needs first, then where, then the rest.
        order = [name for name, _label in NEED_FLAGS] + ["sectors", "regions", "mobility", "comment"]
        self.order_fields(order)
        self.helper = inner_helper()


class TrainingDayForm(forms.ModelForm):
    class Meta:
        model = TrainingDay
        fields = ["title", "program", "starts_at", "ends_at", "location", "capacity", "description"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(intakes__campaign=campaign).distinct()
        self.fields["program"].empty_label = _("Every program")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        self.helper = inner_helper()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The day must end after it starts."))
        return cleaned
