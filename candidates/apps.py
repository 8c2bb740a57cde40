from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates and dossiers")

    def ready(self):
        from admissions.selectors import register_work_waiting  # noqa: PLC0415 - loads models: only once the app registry is ready

        from . import mail, reminders, selectors  # noqa: PLC0415 - loads models: only once the app registry is ready

        reminders.register()
        mail.register()
        register_work_waiting(Role.CANDIDATE, condition=selectors.sessions_of_own_dossiers)
        register_work_waiting(Role.ADMIN, condition=selectors.sessions_with_live_dossiers)
