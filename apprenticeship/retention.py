"""How the data download covers the apprenticeship's data (core.retention, docs/privacy.md).
A dossier erasure deletes its choices (privacy.categories.application_erase): the contract,
the complementary-list entry and the job sheets' reviews go with them (CASCADE)."""

from django.utils.translation import gettext_lazy as _

from core.retention import register_personal_data

STAFF_ONLY = _("Links a staff member (who recorded or decided), not a candidate.")


def register() -> None:
    register_personal_data(
        "apprenticeship.JobSheet", owner="wish__application__candidate", exclude_fields=("token",)
    )
    register_personal_data(
        "apprenticeship.JobSheetVersion",
        excluded=_("The earlier versions of a job sheet; its current content is exported."),
    )
    register_personal_data("apprenticeship.JobSheetReview", owner="sheet__wish__application__candidate")
    register_personal_data("apprenticeship.BlockReview", owner="review__sheet__wish__application__candidate")
    register_personal_data("apprenticeship.Contract", owner="wish__application__candidate", files=("file",))
    register_personal_data("apprenticeship.DiplomaVerification", owner="application__candidate")
    register_personal_data("apprenticeship.ComplementaryEntry", owner="wish__application__candidate")
    register_personal_data("apprenticeship.ComplementaryDraw", excluded=STAFF_ONLY)
