from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    Assignment,
    ConflictOfInterest,
    Decision,
    EligibilityRuling,
    JurySettings,
    Review,
    ScoringCriterion,
)


@admin.register(ScoringCriterion)
class ScoringCriterionAdmin(admin.ModelAdmin):
    list_display = ["label_fr", "campaign", "weight", "max_points", "position"]
    list_filter = ["campaign"]
    # No list_editable: its inputs have no labels (axe); each criterion is edited on its page.


@admin.register(JurySettings)
class JurySettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "disagreement_threshold", "reviewers_per_dossier"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["member", "application", "reason", "declared_at"]
    raw_id_fields = ["application"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by services only (audited); an override goes through `decision_override`."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["wish", "kind", "status", "decided_by", "decided_at", "released_at", "override_link"]

    @admin.display(description=_("Override"))
    def override_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("jury:decision_override", args=[obj.pk]), _("Override")
        )

    list_filter = ["status", "kind", "wish__intake__campaign"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["wish", "reviewer", "total", "submitted_at"]


@admin.register(EligibilityRuling)
class EligibilityRulingAdmin(ReadOnlyAdmin):
    list_display = ["wish", "eligible", "ruled_by", "ruled_at"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["wish", "member", "created_at"]
