from allauth.account.adapter import DefaultAccountAdapter

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
