from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts import adapters  # noqa: PLC0415 - allauth's adapter loads models: once the registry is ready

        from . import actions, allauth_mail  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .models import EmailTemplate  # noqa: PLC0415 - loads models: only once the app registry is ready
        from .services import template_cache_clear  # noqa: PLC0415 - loads models: only once the app registry is ready

        actions.register()
        allauth_mail.register()
        # An admin's template edit applies at once in this process (cache in services).
        post_save.connect(template_cache_clear, sender=EmailTemplate, dispatch_uid="notif.tpl.save")
        post_delete.connect(
            template_cache_clear, sender=EmailTemplate, dispatch_uid="notifications.tpl.delete"
        )
        # allauth's e-mails (verification, password reset) are written from our registry and
        # go through the outbox. accounts is a lower layer: it exposes a hook we fill in here.
        adapters.PortalAccountAdapter.mail_sink = staticmethod(allauth_mail.queue_allauth_mail)
