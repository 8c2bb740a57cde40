"""The complementary list (R-ADMIT-5, R-ADMIT-6): its admin data per intake, the president's
draw with its frozen inputs (DESIGN.md, Replayable draws), and the listed wishes. A listed
candidate's life (trainee, enrolled, left) is the wish's state; the deadline is computed
from the session's start of classes (`apprenticeship.draw.contract_deadline`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admissions.models import Intake
from candidates.models import Wish

__all__ = ["ComplementaryDraw", "ComplementaryEntry", "ComplementaryListSetting"]


class ComplementaryListSetting(models.Model):
    """Admin data: how many candidates the program can take as trainees, and by which
    criterion the president draws them (blank: the default, the admissibility ranking)."""

    intake = models.OneToOneField(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="complementary_setting"
    )
    capacity = models.PositiveIntegerField(
        _("complementary list capacity"),
        help_text=_("At most this many candidates are drawn onto the complementary list."),
    )
    criterion = models.CharField(
        _("criterion"),
        max_length=40,
        blank=True,
        help_text=_("Blank: the default criterion (the admissibility ranking)."),
    )

    class Meta:
        verbose_name = _("complementary list setting")
        verbose_name_plural = _("complementary list settings")

    def __str__(self):
        return f"{self.intake}: {self.capacity}"


class ComplementaryDraw(models.Model):
    """One draw per intake, final. `inputs` is the canonical record of everything the draw
    read (candidates and their criterion values, capacity, vacant places, rule version,
    tie-break seed); `inputs_digest` its SHA-256; `listed` the wish ids as drawn, in order.
    Replaying `inputs` gives `listed` again (`apprenticeship.draw.replay`)."""

    intake = models.OneToOneField(
        Intake, verbose_name=_("intake"), on_delete=models.PROTECT, related_name="complementary_draw"
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"))
    rule_version = models.CharField(_("rule version"), max_length=20)
    criterion = models.CharField(_("criterion"), max_length=40)
    capacity = models.PositiveIntegerField(_("capacity"))
    vacant_places = models.PositiveIntegerField(_("vacant places"))
    seed = models.CharField(_("tie-break seed"), max_length=64)
    inputs = models.JSONField(_("frozen inputs"))
    inputs_digest = models.CharField(_("digest of the inputs (SHA-256)"), max_length=64)
    listed = models.JSONField(_("list as drawn"))

    class Meta:
        verbose_name = _("complementary list draw")
        verbose_name_plural = _("complementary list draws")

    def __str__(self):
        return f"{self.intake} ({self.drawn_at:%Y-%m-%d})"


class ComplementaryEntry(models.Model):
    """A wish on the complementary list, at its rank."""

    draw = models.ForeignKey(ComplementaryDraw, on_delete=models.CASCADE, related_name="entries")
    wish = models.OneToOneField(Wish, on_delete=models.CASCADE, related_name="complementary_entry")
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        ordering = ["draw", "rank"]
        verbose_name = _("complementary list entry")
        verbose_name_plural = _("complementary list entries")
        constraints = [
            models.UniqueConstraint(fields=["draw", "rank"], name="complementary_one_wish_per_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="complementary_rank_positive"),
        ]

    def __str__(self):
        return f"{self.draw_id} #{self.rank}: {self.wish_id}"
