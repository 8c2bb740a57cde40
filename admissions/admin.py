from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import CLONE_DONE, CampaignCloneForm
from .models import Campaign, DocumentType, EligibleTitle, ExtraPlaces, FeeSchedule, Intake, Program
from .services import campaign_clone, extra_places_open


class FeeScheduleInline(admin.StackedInline):
    model = FeeSchedule
    can_delete = False
    min_num = 1
    # Amounts in euros: the currency is not the admin's choice (the bank takes euros).
    fields = [("scholar_first", "scholar_additional"), ("standard_first", "standard_additional")]
    verbose_name = verbose_name_plural = _("Fees (€)")


class IntakeInline(admin.StackedInline):
    model = Intake
    extra = 0
    fields = ["program", "level", "places", "min_ects"]
    show_change_link = True
    verbose_name_plural = _("Intakes (programs and places)")


class DocumentTypeInline(admin.StackedInline):
    model = DocumentType
    extra = 0
    # When it is asked and whether it is indispensable: one setting, side by side.
    fields = ["position", "code", "name_fr", "name_en", ("condition", "indispensable")]
    verbose_name_plural = _("Supporting documents")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "is_published", "submission_deadline", "review_results_on"]
    inlines = [FeeScheduleInline, IntakeInline, DocumentTypeInline]
    actions = ["clone_campaign"]
    # Published from the back office, which says first what publishing changes for whom.
    readonly_fields = ["publication"]
    fieldsets = (
        (_("Session"), {"fields": ("name", "year", "publication")}),
        (
            _("Calendar (Paris dates)"),
            {
                "fields": (
                    ("submission_opens_on", "submission_deadline"),
                    "review_results_on",
                    ("tests_start_on", "tests_end_on"),
                    ("video_english_start_on", "video_english_end_on"),
                    "second_interview_notice_on",
                    ("second_interview_booking_start_on", "second_interview_booking_end_on"),
                    "admissibility_results_on",
                    "company_search_start_on",
                    "classes_start_on",
                )
            },
        ),
    )

    @admin.display(description=_("published"))
    def publication(self, obj):
        if obj is None or obj.pk is None:
            return _("No: a new session is published from the back office once configured.")
        if obj.is_published:
            return _("Yes")
        return format_html(
            '{} <a href="{}">{}</a>',
            _("No."),
            reverse("admissions:session_publish", args=[obj.year]),
            _("Publish it (see first what it changes, for whom)"),
        )

    @admin.action(description=_("Start a new session from this one"))
    def clone_campaign(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one session to start from."), messages.ERROR)
            return None
        source = queryset.get()
        form = CampaignCloneForm(request.POST if "apply" in request.POST else None, source=source)
        if form.is_valid():
            new = campaign_clone(source=source, actor=request.user, **form.cleaned_data)
            self.message_user(request, CLONE_DONE)
            return redirect("admin:admissions_campaign_change", new.pk)
        return render(
            request,
            "admin/admissions/clone_campaign.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "source": source,
                "title": _("Start a new session from %(name)s") % {"name": source.name},
            },
        )


class EligibleTitleInline(admin.StackedInline):
    model = EligibleTitle
    extra = 0
    fields = ["position", "kind", "name_fr", "name_en", "assessment", "min_ects"]


class ExtraPlacesInline(admin.StackedInline):
    model = ExtraPlaces
    extra = 0
    fields = ["count", "reason", "opened_by", "opened_at"]
    readonly_fields = ["opened_by", "opened_at"]

    # Extra places are a record of a decision: add a new line rather than edit or delete one.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Intake)
class IntakeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "program", "level", "places", "min_ects"]
    list_filter = ["campaign", "level", "program"]
    inlines = [EligibleTitleInline, ExtraPlacesInline]
    # Checkboxes rather than Django's filter widget, whose markup fails axe.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "document_types":
            # Only the documents of the intake's own session.
            object_id = request.resolver_match.kwargs.get("object_id")
            intake = Intake.objects.filter(pk=object_id).first() if object_id else None
            if intake:
                kwargs["queryset"] = DocumentType.objects.filter(campaign=intake.campaign)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("campaign", "program")

    def save_formset(self, request, form, formset, change):
        if formset.model is ExtraPlaces:
            # Through the service: the intake row is locked and the opening audited there.
            for extra in formset.save(commit=False):
                extra_places_open(
                    intake=form.instance, count=extra.count, opened_by=request.user, reason=extra.reason
                )
            return
        super().save_formset(request, form, formset, change)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "code", "campaign", "condition", "indispensable", "candidate_reads"]
    list_filter = ["campaign", "condition"]

    @admin.display(description=_("The candidate reads"))
    def candidate_reads(self, obj):
        return obj.get_requirement_display()
