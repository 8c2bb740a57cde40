from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates and dossiers")

    def ready(self):
        from . import mail, reminders  # noqa: PLC0415 - loads models: only once the app registry is ready

        reminders.register()
        mail.register()
