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
