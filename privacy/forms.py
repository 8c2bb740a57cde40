from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import inner_helper
from core.retention import retention_categories

from .models import RetentionRule
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
