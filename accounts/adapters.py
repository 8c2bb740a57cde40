import time
from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse

from core.links import portal_url

from .enums import Role


class PortalAccountAdapter(DefaultAccountAdapter):
    """Sign-up is for candidates only: staff accounts are created by an admin.

    allauth's e-mails (verification, password reset...) are handed to `mail_sink`, which the
    notifications app sets in its AppConfig.ready() (a lower app never imports a higher one):
    it writes them in the portal's words, from its template registry, and queues them in the
    outbox. Their links start with the portal's one address (`core.links.portal_url`), as
    every other e-mail's, not with the host of the request that asked for them.
    """

    mail_sink = None

    def save_user(self, request, user, form, commit=True):
        user.role = Role.CANDIDATE
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "fr") or "fr"
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        request = globals()["context"].request  # allauth's request context: the argument hides its name
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        if "signup_url" in ctx:  # allauth builds it from the request (unknown account e-mail)
            ctx["signup_url"] = portal_url(reverse("account_signup"))
        if self.mail_sink is None:
            self.render_mail(template_prefix, email, ctx).send()
        else:
            self.mail_sink(adapter=self, template_prefix=template_prefix, email=email, context=ctx)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return portal_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        # allauth's own construction of the path (one opaque key in place of "UID-KEY").
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return portal_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email):
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {
                "signup_url": portal_url(reverse("account_signup")),
                "password_reset_url": portal_url(reverse("account_reset_password")),
            },
        )

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
