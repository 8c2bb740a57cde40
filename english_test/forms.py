"""Forms of the English test: the sandbox's questions, the staff's results file, the
invalidation's reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import inner_helper

from .providers.sandbox import QUESTIONS


class SandboxTestForm(forms.Form):
    """The built-in test's questions (one group of radios each)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(QUESTIONS, start=1):
            self.fields[question.key] = forms.ChoiceField(
                label=_("Question %(number)d. %(text)s") % {"number": number, "text": question.text},
                choices=question.choices,
                widget=forms.RadioSelect,
                required=False,
            )
        self.helper = inner_helper()


class ResultsFileForm(forms.Form):
    file = forms.FileField(
        label=_("Results file (CSV)"),
        help_text=_(
            "First line: email;score;level;completed_on;test_id (email or reference, and score, are "
            "required). UTF-8 or Windows-1252, comma or semicolon."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()


class InvalidateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the invalidation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def __init__(self, *args, take=None, **kwargs):
        super().__init__(*args, **kwargs)
        if take is not None:
            self.fields["reason"].widget.attrs["id"] = f"id_reason_{take.pk}"
        self.helper = inner_helper()
