"""Retention rules and holds as admin data; the writes go through the services (audit)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.retention import retention_category

from . import services
from .forms import HoldForm, RetentionRuleForm
from .models import Hold, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    form = RetentionRuleForm
    list_display = ["category_label", "anchor", "duration", "unit", "action", "reason"]

    @admin.display(description=_("category of data"))
    def category_label(self, rule):
        try:
            return retention_category(rule.category).label
        except LookupError:
            return rule.category

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        # The form has already copied the new values onto `obj`: the service reads the stored row.
        services.rule_save(
            actor=request.user,
            rule=RetentionRule.objects.get(pk=obj.pk) if change else None,
            **{name: data[name] for name in ("category", "anchor", "duration", "unit", "action", "reason")},
        )


@admin.register(Hold)
class HoldAdmin(admin.ModelAdmin):
    form = HoldForm
    list_display = ["application", "reason", "ends_on", "lifted_at", "created_by"]
    fields = ["application", "reason", "ends_on"]
    raw_id_fields = ["application"]
    actions = ["lift"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        hold = services.hold_create(
            actor=request.user,
            application=data["application"],
            reason=data["reason"],
            ends_on=data["ends_on"],
        )
        obj.pk = hold.pk

    @admin.action(description=_("Lift the selected holds"))
    def lift(self, request, queryset):
        for hold in queryset.filter(lifted_at__isnull=True):
            services.hold_lift(actor=request.user, hold=hold)
