"""How the data download covers the company-search support (core.retention, docs/privacy.md)."""

from django.utils.translation import gettext_lazy as _

from core.retention import register_personal_data

STAFF_ONLY = _("Links a staff member (who recorded or decided), not a candidate.")


def register() -> None:
    register_personal_data("company_search.SearchNeeds", owner="application__candidate")
    register_personal_data("company_search.TrainingRegistration", owner="application__candidate")
    register_personal_data("company_search.TrainingDay", excluded=STAFF_ONLY)
