"""Eligibility of a wish from the declared title (R-ELIG-1..5). Pure functions: no writes.

- A listed title of the intake with enough ECTS → eligible (listed).
- A listed title whose assessment is "jury" (2nd year), another French title, a listed title of
  another program, or a foreign title → for the jury to judge (R-ELIG-2..4).
- Fewer ECTS than the intake's (or the title's) minimum → not eligible: the wish is refused.
- A diploma still in progress may apply (R-ELIG-5): the credits it will confer count.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from admissions.enums import Assessment, TitleKind

from .enums import Eligibility, TitleChoice


@dataclass(frozen=True)
class EligibilityResult:
    eligibility: str
    required_ects: int | None = None
    reason: str = ""

    @property
    def is_eligible(self) -> bool:
        return self.eligibility != Eligibility.INELIGIBLE


def _too_few(application, intake, required: int) -> EligibilityResult:
    return EligibilityResult(
        Eligibility.INELIGIBLE,
        required,
        _(
            "%(intake)s requires at least %(required)s ECTS credits after the baccalaureate; "
            "you declared %(ects)s."
        )
        % {"intake": intake, "required": required, "ects": application.ects},
    )


def wish_eligibility(application, intake, titles=None) -> EligibilityResult:
    """`titles`: the intake's EligibleTitle rows (pass them prefetched to save a query)."""
    if titles is None:
        titles = list(intake.eligible_titles.all())
    if not application.title_choice or application.ects is None:
        return EligibilityResult(
            Eligibility.INELIGIBLE,
            None,
            _("Declare the title you hold or prepare, and its ECTS credits, first."),
        )
    if application.title_choice == TitleChoice.FOREIGN:
        return EligibilityResult(Eligibility.JURY)
    if application.title_choice == TitleChoice.LISTED and application.listed_title_id:
        declared = application.listed_title
        for title in titles:
            if title.kind == declared.kind and title.name_fr == declared.name_fr:
                required = title.min_ects if title.min_ects is not None else intake.min_ects
                if application.ects < required:
                    return _too_few(application, intake, required)
                if title.assessment == Assessment.LISTED:
                    return EligibilityResult(Eligibility.LISTED, required)
                return EligibilityResult(Eligibility.JURY, required)
    # Another French title, or a listed title of another program: the jury judges (R-ELIG-2).
    required = intake.min_ects
    for title in titles:
        if title.kind == TitleKind.OTHER_FRENCH and title.min_ects is not None:
            required = title.min_ects
    if application.ects < required:
        return _too_few(application, intake, required)
    return EligibilityResult(Eligibility.JURY, required)
