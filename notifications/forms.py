from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import EmailTemplate
from .registry import all_templates, get_template
from .rendering import render_message

PREVIEW_NOTICE = _("Preview below: nothing is saved until you press “Save”.")


def template_choices():
    return [(spec.key, f"{spec.key} – {spec.label}") for spec in all_templates()]


class EmailTemplateForm(forms.ModelForm):
    """Admins edit a template per language; the "Preview" button renders it with sample
    data (each placeholder shows its description) without saving."""

    key = forms.ChoiceField(label=_("template"), choices=template_choices)

    class Meta:
        model = EmailTemplate
        fields = ["key", "language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16, "cols": 90})}

    preview = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            key = self.initial.get("key")
            language = self.initial.get("language") or "fr"
            if key:
                try:
                    subject, body = get_template(key).default_for(language)
                except LookupError:
                    pass
                else:
                    self.initial.setdefault("subject", subject)
                    self.initial.setdefault("body", body)

    def render_preview(self, data) -> dict | None:
        try:
            spec = get_template(data.get("key") or "")
        except LookupError:
            return None
        language = data.get("language") or "fr"
        with translation.override(language):
            subject, text, html = render_message(
                subject_source=data.get("subject") or "",
                body_source=data.get("body") or "",
                context=spec.sample_context(),
                language=language,
            )
        return {"subject": subject, "text": text, "html": html, "placeholders": spec.allowed_placeholders}

    def clean(self):
        cleaned = super().clean()
        # The model's clean() refuses a syntax error or an unknown placeholder.
        if "_preview" in self.data and not self.errors:
            try:
                self.instance.key = cleaned.get("key")
                self.instance.subject = cleaned.get("subject")
                self.instance.body = cleaned.get("body")
                self.instance.clean()
            except ValidationError:
                return cleaned
            self.preview = self.render_preview(cleaned)
            raise ValidationError(PREVIEW_NOTICE, code="preview")
        return cleaned
