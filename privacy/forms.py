from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import inner_helper
from core.retention import retention_categories

from .models import Hold, RetentionRule
from .services import rule_errors


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand: my account and my dossiers are deleted for good."), required=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()


class RetentionRuleForm(forms.ModelForm):
    """The admin's form: the category among the registered ones; the checks are the service's
    (a negative duration, an anchor the category does not accept, a second rule)."""

    category = forms.ChoiceField(label=_("category of data"))

    class Meta:
        model = RetentionRule
        fields = ["category", "anchor", "duration", "unit", "action", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.label) for c in retention_categories()]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = rule_errors(
            category=data.get("category"),
            anchor=data.get("anchor"),
            duration=data.get("duration"),
            unit=data.get("unit"),
            action=data.get("action"),
            pk=self.instance.pk,
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data


class HoldForm(forms.ModelForm):
    """The admin's form for a hold: a reason, an end date that is not past."""

    class Meta:
        model = Hold
        fields = ["application", "reason", "ends_on"]

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < timezone.localdate():
            raise forms.ValidationError(_("The end date of a hold cannot be in the past."))
        return ends_on
