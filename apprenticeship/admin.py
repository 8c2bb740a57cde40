from django.contrib import admin

from .models import CompetencyBlock


@admin.register(CompetencyBlock)
class CompetencyBlockAdmin(admin.ModelAdmin):
    """The competency framework of each program, block by block (R-CFA-3)."""

    list_display = ["program", "code", "label_fr", "label_en", "position"]
    list_filter = ["program"]
    list_editable = ["position"]
    ordering = ["program", "position", "code"]
