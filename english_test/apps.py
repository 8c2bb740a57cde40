"""The English test run by a provider (R-TEST-4, R-TEST-5): invitations, the provider's results
through a signed callback or a staff CSV import, a built-in sandbox provider."""

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnglishTestConfig(AppConfig):
    name = "english_test"
    verbose_name = _("English test")

    def ready(self):
        from core.panels import register_panel  # noqa: PLC0415 - loads models: only once the app registry is ready
        from jury.enums import ProbatoryTest  # noqa: PLC0415 - loads models: only once the app registry is ready
        from notifications.milestones import register_milestone_action  # noqa: PLC0415 - loads models: only once the app registry is ready
        from notifications.registry import register_template  # noqa: PLC0415 - loads models: only once the app registry is ready
        from selection.registry import register_probatory_test  # noqa: PLC0415 - loads models: only once the app registry is ready

        from . import status  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .mail import INVITATION, INVITATION_TEMPLATE  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .services import invitations_milestone_run  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_template(INVITATION_TEMPLATE, **INVITATION)
        register_milestone_action(
            "english_test.invite",
            label=_("Invite the candidates to the English test (R-TEST-4, R-TEST-5)"),
            date_field="video_english_start_on",
            run=invitations_milestone_run,
            at=dt.time(8, 0),
        )
        register_probatory_test(
            ProbatoryTest.ENGLISH_TEST,
            candidate_status=status.candidate_status,
            jury_results=status.jury_results,
        )
        register_panel(
            "jury.home",
            "english_test.staff",
            template="english_test/_jury_home_panel.html",
            context=status.jury_home_panel,
        )
        register_panel(
            "candidates.home.wish",
            "english_test.take",
            template="english_test/_home_panel.html",
            context=status.home_panel,
        )
        from .retention import register as register_retention  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_retention()
