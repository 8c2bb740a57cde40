"""The deferred video interview's data (R-TEST-2, R-TEST-7): the session's settings and
questions (admin data), the takes with their append-only ledger and their parts, the jury's
grid and grades, the second takes granted. No workflow here: see `services`."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from admissions.enums import EntryLevel
from admissions.models import Campaign, Program, Translated
from candidates.models import Wish

from .enums import EventKind, Proposal, TakeState

DEFAULT_ANSWER_LIMIT_SECONDS = 300  # 5 minutes in 2021 (R-TEST-2)


class VideoSettings(models.Model):
    """Per-session settings of the video interview."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="video_settings")
    answer_limit_seconds = models.PositiveIntegerField(
        _("total answer time limit (seconds)"),
        default=DEFAULT_ANSWER_LIMIT_SECONDS,
        validators=[MinValueValidator(30), MaxValueValidator(3600)],
        help_text=_("The answer times of a set of questions cannot add up to more (300 = 5 minutes)."),
    )

    class Meta:
        verbose_name = _("video interview settings")
        verbose_name_plural = _("video interview settings")

    def __str__(self):
        return str(self.campaign)

    def clean(self):
        """A lower limit must still hold every set of questions already written."""
        super().clean()
        if not self.campaign_id:
            return
        for intake in self.campaign.intakes.select_related("program"):
            total = (
                Question.objects.filter(campaign_id=self.campaign_id, level=intake.level)
                .filter(Q(program__isnull=True) | Q(program_id=intake.program_id))
                .aggregate(total=Sum("answer_seconds"))["total"]
                or 0
            )
            if total > self.answer_limit_seconds:
                raise ValidationError(
                    {
                        "answer_limit_seconds": _(
                            "The questions of %(intake)s already add up to %(total)s seconds of answers: "
                            "shorten them first, or keep a limit of at least %(total)s seconds."
                        )
                        % {"intake": f"{intake.program.name} – {intake.get_level_display()}", "total": total}
                    }
                )


def answer_limit_for(campaign_id) -> int:
    row = (
        VideoSettings.objects.filter(campaign_id=campaign_id)
        .values_list("answer_limit_seconds", flat=True)
        .first()
    )
    return row or DEFAULT_ANSWER_LIMIT_SECONDS


class Question(Translated, models.Model):
    """A question asked by the system (R-TEST-2), for one program or every program of a level."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="video_questions")
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
        help_text=_("Empty: asked in every program of the level."),
    )
    level = models.CharField(
        _("entry level"), max_length=10, choices=EntryLevel.choices, default=EntryLevel.YEAR_1
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text_fr = models.TextField(_("question (French)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    preparation_seconds = models.PositiveIntegerField(
        _("preparation time (seconds)"),
        default=0,
        validators=[MaxValueValidator(600)],
        help_text=_("Time to read and think before answering; not recorded. 0: none."),
    )
    answer_seconds = models.PositiveIntegerField(
        _("answer time (seconds)"), validators=[MinValueValidator(10), MaxValueValidator(3600)]
    )

    class Meta:
        ordering = ["campaign", "level", "position", "pk"]
        verbose_name = _("video interview question")
        verbose_name_plural = _("video interview questions")
        constraints = [
            models.CheckConstraint(condition=Q(answer_seconds__gte=10), name="video_question_answer_time"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def text(self):
        return self.translated("text")

    def clean(self):
        """The total answer time of every set this question belongs to stays within the
        session's limit (R-TEST-2: 5 minutes in 2021)."""
        super().clean()
        if not self.campaign_id or not self.answer_seconds:
            return
        limit = answer_limit_for(self.campaign_id)
        others = Question.objects.filter(campaign_id=self.campaign_id, level=self.level).exclude(pk=self.pk)
        if self.program_id:
            programs = [self.program]
        else:
            programs = list(
                Program.objects.filter(
                    intakes__campaign_id=self.campaign_id, intakes__level=self.level
                ).distinct()
            ) or [None]
        for program in programs:
            scope = others.filter(Q(program__isnull=True) | Q(program=program)) if program else others
            total = (scope.aggregate(total=Sum("answer_seconds"))["total"] or 0) + self.answer_seconds
            if total > limit:
                name = program.name if program else _("every program")
                raise ValidationError(
                    {
                        "answer_seconds": _(
                            "The answer times of the questions of %(program)s would add up to %(total)s "
                            "seconds; the session's limit is %(limit)s seconds. Shorten this answer time "
                            "to %(left)s seconds at most, or shorten another question."
                        )
                        % {
                            "program": name,
                            "total": total,
                            "limit": limit,
                            "left": max(0, limit - total + self.answer_seconds),
                        }
                    }
                )


class VideoCriterion(Translated, models.Model):
    """One line of the video interview's grading grid, per session (equal weights: the score
    on 20 is the share of the points given)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="video_criteria")
    code = models.SlugField(_("code"), max_length=40)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=5, validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["campaign", "position", "code"]
        unique_together = [("campaign", "code")]
        verbose_name = _("video interview criterion")
        verbose_name_plural = _("video interview criteria")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.translated("label")


class Take(models.Model):
    """One recording attempt of a wish's video interview. Its state moves through
    `services.take_transition` only; its events are in `TakeEvent` (append-only)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="video_takes")
    number = models.PositiveSmallIntegerField(_("take number"), default=1)
    state = models.CharField(
        _("state"), max_length=12, choices=TakeState.choices, default=TakeState.RECORDING
    )
    # The questions as asked (a later edit of the admin data changes nothing of a take).
    questions = models.JSONField(_("questions"), default=list)
    time_limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"))
    started_at = models.DateTimeField(_("started at"))
    segment = models.PositiveSmallIntegerField(default=1)
    segment_started_at = models.DateTimeField()
    used_seconds = models.FloatField(default=0)  # before the current segment
    last_activity_at = models.DateTimeField()
    lease = models.CharField(max_length=64)  # the tab that holds the take (the other is told)
    current_question = models.PositiveSmallIntegerField(default=0)
    next_chunk = models.PositiveIntegerField(default=0)
    bytes_received = models.BigIntegerField(default=0)
    mime_type = models.CharField(max_length=60, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    recording = models.FileField(_("recording"), blank=True, max_length=255)
    poster = models.FileField(_("poster frame"), blank=True, max_length=255)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    assembly_seconds = models.FloatField(null=True, blank=True)
    assembly_error = models.TextField(blank=True)
    purged_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["wish", "number"]
        verbose_name = _("video take")
        verbose_name_plural = _("video takes")
        constraints = [
            models.UniqueConstraint(fields=["wish", "number"], name="video_take_one_per_number"),
            models.CheckConstraint(condition=Q(state__in=TakeState.values), name="video_take_state_valid"),
        ]

    def __str__(self):
        return f"{self.wish} – {self.number}"

    @property
    def extension(self) -> str:
        return ".mp4" if "mp4" in self.mime_type else ".webm"


class TakeEvent(models.Model):
    """The append-only ledger of a take, on the server's clock."""

    take = models.ForeignKey(Take, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["take", "at", "pk"]

    def __str__(self):
        return f"{self.take_id} {self.kind} {self.at:%H:%M:%S}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("The ledger of a take is append-only.")
        super().save(*args, **kwargs)


class TakeChunk(models.Model):
    """One part of a take as received (acknowledged with its SHA-256)."""

    take = models.ForeignKey(Take, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    segment = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(max_length=255)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["take", "index"]
        constraints = [models.UniqueConstraint(fields=["take", "index"], name="video_chunk_unique_index")]

    def __str__(self):
        return f"{self.take_id} #{self.index}"


class SecondTake(models.Model):
    """The jury's grant of one more take, with its reason (audited, e-mailed)."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="video_second_takes")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField()
    reason = models.TextField(_("reason"))

    def __str__(self):
        return f"{self.wish_id}: {self.reason[:40]}"


class Grade(models.Model):
    """The jury's grading of a wish's video interview, on the session's grid."""

    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="video_grade")
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)  # {criterion code: points}
    score = models.DecimalField(_("score out of 20"), max_digits=5, decimal_places=2)
    proposal = models.CharField(_("proposal"), max_length=20, choices=Proposal.choices)
    comment = models.TextField(_("comment"), blank=True)
    graded_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=20), name="video_grade_on_20"),
        ]

    def __str__(self):
        return f"{self.wish_id}: {self.score}/20"
