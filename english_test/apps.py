from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnglishTestConfig(AppConfig):
    name = "english_test"
    verbose_name = _("English test")
