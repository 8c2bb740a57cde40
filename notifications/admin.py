from csp.decorators import csp_update
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.audit import audit_record

from . import services
from .enums import AuditAction, OutboxState
from .forms import PREVIEW_NOTICE, EmailTemplateForm
from .models import EmailTemplate, MilestoneRun, OutboxAttachment, OutboxMessage
from .registry import get_template

# The HTML preview shows an e-mail as mail clients will: with the style attributes e-mails
# need (mail clients drop style sheets). It sits in a sandboxed iframe (no script runs there),
# which inherits this page's Content-Security-Policy: styles only are let through, on this page.
allow_email_styles = csp_update({"style-src": ["'unsafe-inline'"]})


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ["key", "label", "language", "subject", "updated_at"]
    list_filter = ["language", "key"]
    search_fields = ["key", "subject", "body"]
    change_form_template = "admin/notifications/emailtemplate/change_form.html"

    @admin.display(description=_("description"))
    def label(self, obj):
        try:
            return get_template(obj.key).label
        except LookupError:
            return "?"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        preview = form.preview
        if preview is None and obj is not None and not form.is_bound:
            preview = form.render_preview(
                {"key": obj.key, "language": obj.language, "subject": obj.subject, "body": obj.body}
            )
        context["preview"] = preview
        if form.preview is not None:
            # The preview travels as a form error only so that nothing is saved; to the
            # admin it is not an error, so no "please correct the error" banner.
            context["errors"] = []
            messages.info(request, PREVIEW_NOTICE)
        return allow_email_styles(super().render_change_form)(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = EmailTemplate.objects.get(pk=obj.pk)
            before = {"subject": old.subject, "body": old.body}
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.EMAIL_TEMPLATE_CHANGE if change else AuditAction.EMAIL_TEMPLATE_CREATE,
            obj=obj,
            before=before,
            after={"subject": obj.subject, "body": obj.body},
        )


class OutboxAttachmentInline(admin.StackedInline):
    model = OutboxAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient_email",
        "subject",
        "template_key",
        "state_badge",
        "attempts",
        "sent_at",
    ]
    list_filter = ["state", "template_key", "language", "created_at"]
    search_fields = ["recipient_email", "subject", "idempotency_key", "message_id", "last_error"]
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False
    actions = ["resend_selected"]
    inlines = [OutboxAttachmentInline]
    fields = [
        "recipient_email",
        "user",
        "language",
        "subject",
        "template_key",
        "occasion",
        "state",
        "attempts",
        "last_error",
        "message_id",
        "idempotency_key",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "body_text",
    ]

    @admin.display(description=_("state"), ordering="state")
    def state_badge(self, obj):
        state = obj.state if obj.state in ("failed", "sent") else "other"
        return format_html('<strong class="outbox-state-{}">{}</strong>', state, obj.get_state_display())

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body_text", "body_html")

    def get_readonly_fields(self, request, obj=None):
        # Only the address of a failed e-mail may be corrected (then it is sent again).
        editable = {"recipient_email"} if obj is not None and obj.state == OutboxState.FAILED else set()
        return [name for name in self.fields if name not in editable]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "recipient_email" in form.changed_data or "_resend" in request.POST:
            try:
                services.outbox_resend(message=obj, actor=request.user, recipient_email=obj.recipient_email)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The e-mail is queued again."))

    @admin.action(description=_("Send the selected failed e-mails again"))
    def resend_selected(self, request, queryset):
        count = 0
        for message in queryset.filter(state=OutboxState.FAILED):
            services.outbox_resend(message=message, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
        )


@admin.register(MilestoneRun)
class MilestoneRunAdmin(admin.ModelAdmin):
    list_display = ["campaign", "action_key", "due_at", "status", "emails_queued", "runs", "finished_at"]
    list_filter = ["campaign", "action_key", "status"]
    list_select_related = ["campaign"]
    readonly_fields = [f.name for f in MilestoneRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
