"""The CFA's company-search support for admissible candidates (R-CFA-1): needs, resources,
training days with a capacity and a waiting list; and the places countdown (R-ADMIT-4)."""

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompanySearchConfig(AppConfig):
    name = "company_search"
    verbose_name = _("Company-search support")

    def ready(self):
        from core.panels import register_panel  # noqa: PLC0415 - loads models: only once the app registry is ready
        from notifications.milestones import register_milestone_action  # noqa: PLC0415 - loads models: only once the app registry is ready

        from . import mail, panels, services  # noqa: PLC0415 - loads models: only once the app registry is ready

        mail.register()
        register_milestone_action(
            "company_search.invite",
            label=_("Invite the admissible candidates to the CFA's company-search support (R-CFA-1)"),
            date_field="company_search_start_on",
            run=services.support_invitations_run,
            at=dt.time(8, 0),
        )
        register_panel(
            "candidates.home",
            "company_search.support",
            template="company_search/_home_panel.html",
            context=panels.candidate_home,
        )
        register_panel(
            "apprenticeship.home",
            "company_search.cfa",
            template="company_search/_cfa_panel.html",
            context=panels.cfa_home,
        )
        from .retention import register as register_retention  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_retention()
