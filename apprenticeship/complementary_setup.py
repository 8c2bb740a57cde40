"""What the complementary list hands to the lower apps' registries at start-up
(ApprenticeshipConfig.ready): its e-mails, its milestones, the draw's criteria and its panels."""

import datetime

from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from admissions.selectors import register_work_waiting
from core.panels import register_panel
from notifications.milestones import register_milestone_action
from selection.selectors import admissibility_ranks

from . import complementary_mail, draw, panels, selectors, services


def register() -> None:
    complementary_mail.register()
    register_work_waiting(Role.JURY_PRESIDENT, condition=selectors.sessions_with_lists_to_draw)
    # The default criterion until the admissibility deliberation registers
    # draw.ADMISSIBILITY_RANK (a rank, ascending): the jury's file-review score.
    draw.register_draw_criterion(
        draw.FILE_REVIEW_SCORE,
        label=_("File-review score (highest first)"),
        values=selectors.file_review_scores,
        descending=True,
    )
    # The default once registered (draw.default_criterion_key): the president's ranking at
    # the admissibility deliberation, candidates admissible on their file first.
    draw.register_draw_criterion(
        draw.ADMISSIBILITY_RANK,
        label=_("Admissibility ranking"),
        values=admissibility_ranks,
        descending=False,
    )
    register_milestone_action(
        services.DRAW_OPEN_MILESTONE,
        label=_("Open the complementary lists' draw, 7 days before the start of classes (R-ADMIT-5)"),
        date_field="classes_start_on",
        offset_days=-7,
        at=datetime.time(8, 0),
        run=services.draw_open_milestone_run,
    )
    # R-ADMIT-6: 3 months from the start of classes; reminders 1 month and 1 week before the
    # end (09:00 Paris); the day after the last day, those without a contract leave.
    months = draw.CONTRACT_MONTHS
    for key, label, offset_months, offset_days, at, run in (
        (
            "apprenticeship.trainees_remind_month",
            _("Remind the trainees without a contract, 1 month before their deadline (R-ADMIT-6)"),
            months - 1,
            0,
            datetime.time(9, 0),
            services.trainees_remind_month_run,
        ),
        (
            "apprenticeship.trainees_remind_week",
            _("Remind the trainees without a contract, 1 week before their deadline (R-ADMIT-6)"),
            months,
            -7,
            datetime.time(9, 0),
            services.trainees_remind_week_run,
        ),
        (
            "apprenticeship.trainees_leave",
            _("Trainees without a contract leave, the day after their deadline (R-ADMIT-6)"),
            months,
            1,
            datetime.time(0, 0),
            services.trainees_leave_run,
        ),
    ):
        register_milestone_action(
            key,
            label=label,
            date_field="classes_start_on",
            offset_months=offset_months,
            offset_days=offset_days,
            at=at,
            run=run,
        )
    register_panel(
        "jury.home",
        "apprenticeship.complementary",
        template="apprenticeship/complementary/_jury_panel.html",
        context=panels.jury_home,
    )
    register_panel(
        "apprenticeship.home",
        "apprenticeship.complementary",
        template="apprenticeship/complementary/_cfa_panel.html",
        context=panels.cfa_home,
    )
    register_panel(
        "candidates.home.wish",
        "apprenticeship.trainee",
        template="apprenticeship/complementary/_candidate_panel.html",
        context=panels.candidate_wish,
    )
