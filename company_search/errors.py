from django.utils.translation import gettext_lazy as _

from core.errors import PortalError


class SupportError(PortalError):
    """A refusal of company-search support (a training day full of waiting, a past day…)."""

    default_message = _("This action is not possible.")
