from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts import adapters

        from . import actions, allauth_mail
        from .models import EmailTemplate
        from .services import template_cache_clear

        actions.register()
        # An admin's template edit applies at once in this process (cache in services).
        post_save.connect(template_cache_clear, sender=EmailTemplate, dispatch_uid="notif.tpl.save")
        post_delete.connect(
            template_cache_clear, sender=EmailTemplate, dispatch_uid="notifications.tpl.delete"
        )
        # allauth's e-mails (verification, password reset) go through the outbox. accounts
        # is a lower layer: it exposes a hook that we fill in here.
        adapters.PortalAccountAdapter.mail_sink = staticmethod(allauth_mail.queue_allauth_mail)
