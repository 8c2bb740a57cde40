"""Live interviews' data: per-session settings, the 1st-year second-interview calls, the
slots opened by the jury (with their panel), the candidates' bookings and the panel's
grades. No workflow here: see `interviews.services`."""

import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from admissions.models import Campaign, Intake
from candidates.models import Wish

from .enums import LIVE_STATES, SLOT_TEST_CHOICES, BookingState, GradeProposal


def room_token() -> str:
    """An unguessable room name part (128 bits)."""
    return secrets.token_urlsafe(16)


class InterviewSettings(models.Model):
    """Per-session settings of live interviews (admin data)."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="interview_settings")
    change_deadline_hours = models.PositiveSmallIntegerField(
        _("changes allowed until (hours before the slot)"),
        default=24,
        help_text=_("A candidate may move or cancel a booking until this many hours before the slot."),
    )
    room_opens_minutes_before = models.PositiveSmallIntegerField(
        _("video-conference link shown (minutes before the slot)"), default=15
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )

    class Meta:
        verbose_name = _("live-interview settings")
        verbose_name_plural = _("live-interview settings")

    def __str__(self):
        return str(self.campaign)


class SecondInterviewCall(models.Model):
    """The jury asks a 1st-year pre-admissible candidate for a second, live interview
    (R-TEST-3); the candidate is told on the notice date."""

    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="second_interview_call")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField(_("called at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("candidate told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("second-interview call")
        verbose_name_plural = _("second-interview calls")

    def __str__(self):
        return f"{self.wish_id}"


class Slot(models.Model):
    """A 30-minute video-conference slot of one intake and one test, with its panel."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="interview_slots")
    test = models.CharField(_("test"), max_length=20, choices=SLOT_TEST_CHOICES)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    note = models.CharField(_("nature of the test"), max_length=255, blank=True)
    room = models.CharField(_("room"), max_length=40, unique=True, default=room_token, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SlotMember",
        related_name="interview_slots",
        verbose_name=_("panel"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
            models.CheckConstraint(
                condition=Q(test__in=[code for code, _label in SLOT_TEST_CHOICES]), name="slot_test_valid"
            ),
        ]

    def __str__(self):
        return f"{self.intake_id} {self.test} {self.starts_at:%Y-%m-%d %H:%M}"


class SlotMember(models.Model):
    """A panel member of a slot. The slot's times are copied here so that the database
    itself refuses a member in two overlapping slots (an exclusion constraint on
    PostgreSQL, migration 0002; the service checks it first on every database)."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="panel")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["slot", "member"], name="slot_member_once"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_member_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.member_id} @ {self.slot_id}"


class Booking(models.Model):
    """A candidate's booking of a slot for one test. A move changes the slot of the same
    booking (same invitation UID, higher SEQUENCE); a cancellation ends it."""

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="interview_bookings")
    test = models.CharField(_("test"), max_length=20, choices=SLOT_TEST_CHOICES)
    state = models.CharField(
        _("state"), max_length=12, choices=BookingState.choices, default=BookingState.BOOKED
    )
    uid = models.UUIDField(_("invitation identifier"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("invitation version"), default=0)
    reason = models.CharField(_("reason of the last change"), max_length=255, blank=True)
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            # No double booking, by the database (DESIGN.md, Slots and bookings).
            models.UniqueConstraint(
                fields=["slot"], condition=Q(state__in=LIVE_STATES), name="one_live_booking_per_slot"
            ),
            models.UniqueConstraint(
                fields=["wish", "test"], condition=Q(state__in=LIVE_STATES), name="one_live_booking_per_test"
            ),
            models.CheckConstraint(condition=Q(state__in=BookingState.values), name="booking_state_valid"),
        ]

    def __str__(self):
        return f"{self.wish_id} → {self.slot_id} ({self.state})"


class Grade(models.Model):
    """The panel's grading of a held interview: points per criterion, a total on 20, a
    comment and a proposal. Never shown to the candidate (R-TEST-8)."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="grade")
    scores = models.JSONField(_("points per criterion"), default=dict)
    total = models.DecimalField(
        _("total /20"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(20))],
    )
    comment = models.TextField(_("comment"), blank=True)
    proposal = models.CharField(_("proposal"), max_length=20, choices=GradeProposal.choices)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    graded_at = models.DateTimeField(_("graded at"), auto_now=True)

    class Meta:
        verbose_name = _("interview grade")
        verbose_name_plural = _("interview grades")
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0, total__lte=20), name="grade_total_on_20"),
        ]

    def __str__(self):
        return f"{self.booking_id}: {self.total}"
