from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates and dossiers")

    def ready(self):
        from accounts.enums import Role
        from admissions.selectors import register_work_waiting

        from . import mail, reminders, selectors

        reminders.register()
        mail.register()
        register_work_waiting(Role.CANDIDATE, condition=selectors.sessions_of_own_dossiers)
        register_work_waiting(Role.ADMIN, condition=selectors.sessions_with_live_dossiers)
