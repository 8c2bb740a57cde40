"""The English test's personal data (core.retention, docs/privacy.md): the identity-check
pictures are deleted by a retention rule (R-TEST-6, with the recordings: R-TEST-7), the takes
are in the data download."""

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

from .models import IdentityPicture
from .services import identity_pictures_delete

PICTURES = counted_kind(
    "identity pictures", ngettext_lazy("%(n)s identity picture", "%(n)s identity pictures", "n")
)


def _pictures_purge(*, campaign, cutoff, action, dry_run, night) -> PurgeResult:
    result = PurgeResult()
    pictures = IdentityPicture.objects.filter(take__application__campaign=campaign).exclude(
        take__application__in=night.held_applications
    )
    names = [name for name in pictures.values_list("file", flat=True) if name]
    result.add(PICTURES, len(names) if dry_run else 0)
    if not dry_run and names:
        result.add(
            PICTURES,
            identity_pictures_delete(campaign=campaign, exclude_applications=night.held_applications),
        )
    # The service deletes the files itself; the keys are listed so that the dry run shows them.
    result.files.extend(names)
    return result


def register() -> None:
    register_retention_category(
        "english_test.identity_pictures",
        label=_("Identity-check pictures of the English test"),
        anchors=SESSION_ANCHORS,
        actions=(DELETE,),
        purge=_pictures_purge,
        purpose=_("Checking that the candidate took the English test themselves (R-TEST-6)."),
        recipients=_("The English test provider (R-TEST-6)."),
        default=RuleDefault(
            "classes_start",
            3,
            "months",
            DELETE,
            _("R-TEST-7: deleted with the video interview recordings, 3 months after the start of classes."),
        ),
        order=5,
    )
    register_personal_data("english_test.Take", owner="application__candidate")
    register_personal_data(
        "english_test.IdentityPicture", owner="take__application__candidate", files=("file",)
    )
    register_personal_data(
        "english_test.ProviderEvent",
        excluded=_("The provider's technical messages; their result is in the English test's take."),
    )
