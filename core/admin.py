from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_celery_beat import models as beat

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Browse the append-only audit log: filter by action, kind of object, who, when; the
    "history" link lists every entry about the same object."""

    list_display = ["created_at", "actor_label", "action", "object_repr", "object_history"]
    list_filter = [
        "action",
        "content_type",
        ("actor", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    search_fields = ["actor_label", "action", "object_repr", "=object_id", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    @admin.display(description=_("history of the object"))
    def object_history(self, obj):
        if not obj.content_type_id:
            return ""
        url = reverse("admin:core_auditentry_changelist")
        return format_html(
            '<a href="{}?content_type__id__exact={}&amp;object_id={}">{}</a>',
            url,
            obj.content_type_id,
            obj.object_id,
            _("all entries"),
        )

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "object_id" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def hide_infrastructure_models(site=admin.site) -> None:
    """The periodic-task tables of django_celery_beat are infrastructure, written by
    migrations (the milestone tick, the sweepers); admins follow the automatic steps on
    the session timeline. Their admin pages (unlabelled inputs, axe) are left out."""
    for model in (
        beat.PeriodicTask,
        beat.IntervalSchedule,
        beat.CrontabSchedule,
        beat.SolarSchedule,
        beat.ClockedSchedule,
    ):
        if site.is_registered(model):
            site.unregister(model)
