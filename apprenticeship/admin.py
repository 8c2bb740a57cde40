from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jury.admin import ReadOnlyAdmin

from . import draw
from .models import CompetencyBlock, ComplementaryDraw, ComplementaryListSetting


def _criterion_choices():
    return [("", _("Default (the admissibility ranking)"))] + [(c.key, c.label) for c in draw.criteria()]


class ComplementaryListSettingForm(forms.ModelForm):
    criterion = forms.ChoiceField(label=_("criterion"), choices=_criterion_choices, required=False)

    class Meta:
        model = ComplementaryListSetting
        fields = ["intake", "capacity", "criterion"]


@admin.register(ComplementaryListSetting)
class ComplementaryListSettingAdmin(admin.ModelAdmin):
    """Admin data of R-ADMIT-5: the capacity of each intake's complementary list."""

    form = ComplementaryListSettingForm
    list_display = ["intake", "capacity", "criterion"]
    list_filter = ["intake__campaign"]
    list_select_related = ["intake__program", "intake__campaign"]


@admin.register(ComplementaryDraw)
class ComplementaryDrawAdmin(ReadOnlyAdmin):
    """Written by the president's draw only (audited, replayable): read-only here."""

    list_display = ["intake", "drawn_by", "drawn_at", "capacity", "vacant_places"]
    list_select_related = ["intake__program", "intake__campaign", "drawn_by"]


@admin.register(CompetencyBlock)
class CompetencyBlockAdmin(admin.ModelAdmin):
    """The competency framework of each program, block by block (R-CFA-3)."""

    list_display = ["program", "code", "label_fr", "label_en", "position"]
    list_filter = ["program"]
    list_editable = ["position"]
    ordering = ["program", "position", "code"]
