from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompanySearchConfig(AppConfig):
    name = "company_search"
    verbose_name = _("Company-search support")
