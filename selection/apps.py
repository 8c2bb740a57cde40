"""The probatory tests as a whole: the registry where each test's app says what the candidate
has to do and what the jury graded, the candidate's tests page, and the jury's admissibility
deliberation released on its date (R-TEST-1, R-TEST-8)."""

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Selection tests and admissibility")

    def ready(self):
        # Imported here: they load models, only once the app registry is ready.
        from accounts.enums import Role  # noqa: PLC0415
        from admissions.selectors import register_work_waiting  # noqa: PLC0415
        from core.panels import register_panel  # noqa: PLC0415
        from notifications.milestones import register_milestone_action  # noqa: PLC0415
        from notifications.registry import register_template  # noqa: PLC0415

        from . import letters, panels  # noqa: PLC0415
        from .selectors import sessions_with_admissibility_to_decide  # noqa: PLC0415
        from .services import release_milestone_run  # noqa: PLC0415

        register_template(letters.RESULTS_TEMPLATE, label=letters.TEMPLATE_LABEL, **letters.TEMPLATE_TEXT)
        register_milestone_action(
            "selection.release_admissibility",
            label=_("Release the admissibility decisions (R-TEST-8)"),
            date_field="admissibility_results_on",
            run=release_milestone_run,
            at=dt.time(8, 0),
        )
        register_panel(
            "candidates.home.wish",
            "selection.tests",
            template="selection/_panel_wish_tests.html",
            context=panels.wish_tests_panel,
        )
        register_panel(
            "jury.home",
            "selection.deliberations",
            template="selection/_panel_jury_home.html",
            context=panels.jury_home_panel,
        )
        register_work_waiting(Role.JURY_PRESIDENT, condition=sessions_with_admissibility_to_decide)
        from .retention import register as register_retention  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_retention()
