"""The video interview's personal data (core.retention, docs/privacy.md): the recordings are
deleted by a retention rule (R-TEST-7) that calls services.recordings_purge, the takes and
their files are in the data download, the grades are the jury's work (as its reviews)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.retention import (
    DELETE,
    SESSION_ANCHORS,
    PurgeResult,
    RuleDefault,
    counted_kind,
    register_personal_data,
    register_retention_category,
)

from .services import recordings_purge

TAKES = counted_kind("video takes", ngettext_lazy("%(n)s video take", "%(n)s video takes", "n"))
PARTS = counted_kind("recording parts", ngettext_lazy("%(n)s recording part", "%(n)s recording parts", "n"))


def _recordings_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    # The service deletes the files from the storage itself (with each take's audit entry).
    counts = recordings_purge(
        campaign=campaign,
        now=timezone.now(),
        dry_run=dry_run,
        due=True,
        exclude_applications=night.held_applications,
    )
    result = PurgeResult()
    result.add(TAKES, counts["takes"])
    result.add(PARTS, counts["chunks"])
    return result


JURY_WORK = _("The jury's working notes and organisation; the released decision is exported.")


def register() -> None:
    register_retention_category(
        "video_interview.recordings",
        label=_("Video interview recordings"),
        anchors=SESSION_ANCHORS,
        actions=(DELETE,),
        purge=_recordings_purge,
        purpose=_("The jury watches the deferred video interview (R-TEST-2)."),
        recipients=_("The video interview platform (R-TEST-6)."),
        default=RuleDefault(
            "classes_start",
            3,
            "months",
            DELETE,
            _("R-TEST-7: recordings are deleted at the latest 3 months after the start of classes."),
        ),
        order=5,
    )
    register_personal_data(
        "video_interview.Take",
        owner="wish__application__candidate",
        files=("recording", "poster"),
        exclude_fields=("lease",),
    )
    register_personal_data("video_interview.SecondTake", owner="wish__application__candidate")
    register_personal_data("video_interview.Grade", excluded=JURY_WORK)
    register_personal_data(
        "video_interview.TakeChunk",
        excluded=_("The parts of a recording while it is sent; the assembled recording is exported."),
    )
    register_personal_data(
        "video_interview.TakeEvent", excluded=_("The upload ledger of a take (technical).")
    )
