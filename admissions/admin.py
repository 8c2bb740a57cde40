from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .models import Campaign, DocumentType, EligibleTitle, ExtraPlaces, FeeSchedule, Intake, Program
from .services import campaign_clone, extra_places_open


class FeeScheduleInline(admin.StackedInline):
    model = FeeSchedule
    can_delete = False
    min_num = 1


class IntakeInline(admin.StackedInline):
    model = Intake
    extra = 0
    fields = ["program", "level", "places", "min_ects"]
    show_change_link = True


class DocumentTypeInline(admin.StackedInline):
    model = DocumentType
    extra = 0
    fields = ["position", "code", "name_fr", "name_en", "condition", "indispensable"]


class CloneForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new session"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=100)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "is_published", "submission_deadline", "review_results_on"]
    inlines = [FeeScheduleInline, IntakeInline, DocumentTypeInline]
    actions = ["clone_campaign"]
    fieldsets = (
        (None, {"fields": ("name", "year", "is_published")}),
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

    @admin.action(description=_("Start a new session from this one"))
    def clone_campaign(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one session to start from."), messages.ERROR)
            return None
        source = queryset.get()
        form = CloneForm(
            request.POST if "apply" in request.POST else None,
            initial={"year": source.year + 1, "name": f"Session {source.year + 1}"},
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    new = campaign_clone(
                        source=source,
                        year=form.cleaned_data["year"],
                        name=form.cleaned_data["name"],
                        actor=request.user,
                    )
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, _("Session created, unpublished: review its calendar and places."))
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
    list_display = ["name_fr", "code", "campaign", "condition", "indispensable"]
    list_filter = ["campaign", "condition"]
