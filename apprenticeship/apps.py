from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprenticeshipConfig(AppConfig):
    name = "apprenticeship"
    verbose_name = _("Apprenticeship (CFA)")

    def ready(self):
        from accounts.enums import Role
        from admissions.selectors import register_work_waiting

        from .selectors import sessions_with_trainees

        register_work_waiting(Role.CFA_STAFF, condition=sessions_with_trainees)
