"""Personal data kept only as long as the rules say (R-DATA-1, R-TEST-7): retention rules as
admin data, the nightly purge, the complete data download, account deletion, the register."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from core.retention import register_default_rules_loader  # noqa: PLC0415 - loads models: only once the app registry is ready

        from .categories import register_categories  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .coverage import register_coverage  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .mail import register_mail  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .services import rules_load_defaults  # noqa: PLC0415 - loads models: only once the app registry is ready

        register_categories()
        register_coverage()
        register_mail()
        register_default_rules_loader(rules_load_defaults)
