"""Admin data of live interviews: the per-session settings (the change deadline, when the
room shows, the slot length). Slots, bookings and grades are read here, changed only
through the pages (their services write the audit log and the invitations)."""

from django.contrib import admin

from jury.admin import ReadOnlyAdmin

from .models import Booking, InterviewSettings, Slot


@admin.register(InterviewSettings)
class InterviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["campaign", "change_deadline_hours", "room_opens_minutes_before", "slot_minutes"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "intake", "test"]
    list_filter = ["test", "intake__campaign"]
    list_select_related = ["intake__program", "intake__campaign"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["wish", "slot", "test", "state", "sequence"]
    list_filter = ["state", "test"]
    list_select_related = ["wish__application", "wish__intake__program", "wish__intake__campaign", "slot"]
