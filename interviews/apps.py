"""Live interviews by video conference (R-TEST-3, R-TEST-5): slots opened by the jury, one
booking per candidate and test, iCalendar invitations, the panel's grading."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Live interviews")

    def ready(self):
        from accounts.enums import JURY_ROLES  # noqa: PLC0415 - loads models: only once the app registry is ready
        from admissions.selectors import register_work_waiting  # noqa: PLC0415 - loads models: only once the app registry is ready
        from core.panels import register_panel  # noqa: PLC0415 - loads models: only once the app registry is ready
        from jury.enums import ProbatoryTest  # noqa: PLC0415 - loads models: only once the app registry is ready
        from notifications.milestones import register_milestone_action  # noqa: PLC0415 - loads models: only once the app registry is ready
        from selection.registry import register_probatory_test  # noqa: PLC0415 - loads models: only once the app registry is ready

        from . import mail, panels, probatory, selectors, services  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .enums import SLOT_TESTS  # noqa: PLC0415 - loads models: only once the app registry is ready

        mail.register()
        register_milestone_action(
            "interviews.second_interview_notice",
            label=_("Tell the candidates called to a second live interview (R-TEST-3)"),
            date_field="second_interview_notice_on",
            run=services.notice_milestone_run,
            at=selectors.NOTICE_AT,
        )
        for test in SLOT_TESTS:
            register_probatory_test(
                ProbatoryTest(test),
                candidate_status=probatory.candidate_status_for(str(test)),
                jury_results=probatory.jury_results_for(str(test)),
            )
        register_panel(
            "candidates.home.wish",
            "interviews.slots",
            template="interviews/_panel_wish.html",
            context=panels.wish_panel,
        )
        register_panel(
            "jury.home",
            "interviews.slots",
            template="interviews/_panel_jury_home.html",
            context=panels.jury_home_panel,
        )
        register_panel(
            "jury.wish_detail",
            "interviews.call",
            template="interviews/_panel_jury_wish.html",
            context=panels.jury_wish_panel,
        )
        register_work_waiting(*JURY_ROLES, condition=selectors.sessions_with_bookings_to_grade)
        from .retention import register as register_retention  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_retention()
