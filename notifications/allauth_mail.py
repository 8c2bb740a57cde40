"""allauth renders its e-mails with its own templates; the outbox sends them."""

import uuid

from django.contrib.auth import get_user_model
from django.utils import translation

from .services import email_queue_rendered


def queue_allauth_mail(*, message, template_prefix: str):
    """`message` is the EmailMessage allauth rendered. Each send gets its own occasion, so
    that a user may ask again (a new verification link, a new reset link)."""
    email = message.to[0]
    user = get_user_model().objects.filter(email__iexact=email).first()
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    language = (translation.get_language() or "fr")[:2]
    return email_queue_rendered(
        template_key=f"allauth.{template_prefix.rsplit('/', 1)[-1]}",
        recipient=user or email,
        subject=str(message.subject),
        text=message.body,
        html=html,
        language=language,
        occasion=uuid.uuid4().hex,
    )
