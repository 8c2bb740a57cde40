from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.files import validate_upload

from .models import Resource, SupportSettings


class ResourceAdminForm(forms.ModelForm):
    link = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = ["campaign", "program", "title_fr", "title_en", "link", "file", "position"]

    def clean_file(self):
        """A new file goes through the allow-list and content checks (core.files)."""
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "content_type"):
            checked = validate_upload(uploaded)
            checked.file.name = f"resource{checked.extension}"
            return checked.file
        return uploaded


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = ["title_fr", "campaign", "program", "position"]
    list_filter = ["campaign", "program"]


@admin.register(SupportSettings)
class SupportSettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "digest_every_days"]
