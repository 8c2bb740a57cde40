from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role


class ApprenticeshipConfig(AppConfig):
    name = "apprenticeship"
    verbose_name = _("Apprenticeship (CFA)")

    def ready(self):
        from admissions.selectors import register_work_waiting  # noqa: PLC0415 - loads models: only once the app registry is ready

        from .selectors import sessions_with_trainees  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_work_waiting(Role.CFA_STAFF, condition=sessions_with_trainees)

        from .complementary_setup import register  # noqa: PLC0415 - loads models: only once the app registry is ready

        register()
        _job_sheets_ready()
        from .retention import register as register_retention  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_retention()


def _job_sheets_ready():
    """Job sheets, places and contracts (R-CFA-2..4, R-ADMIT-1..3): e-mails, the reactions to
    a wish's change of state and to extra places, the panels on the candidate's and CFA's homes."""
    from admissions.services import register_places_opened  # noqa: PLC0415 - loads models: only once the app registry is ready
    from candidates.workflow import register_after_transition  # noqa: PLC0415 - loads models: only once the app registry is ready
    from core.panels import register_panel  # noqa: PLC0415 - loads models: only once the app registry is ready

    from . import job_sheet_mail, panels  # noqa: PLC0415 - loads models: only once the app registry is ready
    from .services.places import on_places_opened, on_wish_transition  # noqa: PLC0415 - loads models: only once the app registry is ready

    job_sheet_mail.register()
    register_after_transition(on_wish_transition)
    register_places_opened(on_places_opened)
    register_panel(
        "candidates.home.wish",
        "apprenticeship.job_sheets",
        template="apprenticeship/_wish_panel.html",
        context=panels.wish_panel,
    )
    register_panel(
        "apprenticeship.home",
        "apprenticeship.intakes",
        template="apprenticeship/_home_panel.html",
        context=panels.home_panel,
        order=10,
    )
