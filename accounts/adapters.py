import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context

from .enums import Role


class PortalAccountAdapter(DefaultAccountAdapter):
    """Sign-up is for candidates only: staff accounts are created by an admin.

    allauth's e-mails (verification, password reset...) are rendered with allauth's
    templates as usual, then handed to `mail_sink`, which the notifications app sets in its
    AppConfig.ready() to queue them in the outbox (a lower app never imports a higher one).
    """

    mail_sink = None

    def save_user(self, request, user, form, commit=True):
        user.role = Role.CANDIDATE
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "fr") or "fr"
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        if self.mail_sink is None:
            message.send()
        else:
            self.mail_sink(message=message, template_prefix=template_prefix)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A login within the reauthentication timeout counts as a recent
        authentication ("sudo mode"). Without this, allauth asks a staff member who has
        just typed their password to type it again before setting up two-factor, which
        is the first page every staff member sees."""
        request = context.request
        if request is not None and _logged_in_recently(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _logged_in_recently(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    # allauth's own reader of the login records it keeps in the session. It is an internal
    # module: tests/accounts and the browser two-factor test fail if it moves.
    records = get_authentication_records(request, user)
    return bool(records) and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
