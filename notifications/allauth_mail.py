# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""allauth's e-mails in the portal's words, sent through the outbox.

The ones a candidate meets (address confirmation, password reset, and the two allauth sends
instead of saying whether an address has an account) are registered templates like the
portal's own: gettext defaults in both languages, editable by an admin, the one HTML layout.
Any other allauth e-mail (none is sent with the portal's settings today) keeps allauth's
text, with the portal's greeting and signature (templates/account/email/base_*.txt), in the
same layout.
"""

import uuid

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .registry import get_template, register_template
from .rendering import render_html
from .services import email_queue, email_queue_rendered

_ACTIVATE = {"activate_url": _("Link that confirms the e-mail address")}
_EMAIL = {"email": _("E-mail address the request was made for")}
_SIGNUP = {"signup_url": _("Address of the page that creates an account")}

TEMPLATES = [
    (
        "allauth.email_confirmation_signup",
        _("Account: confirmation of the e-mail address after signing up"),
        _ACTIVATE,
        _("Confirm your e-mail address – IMT Mines Alès admissions"),
        _(
            "Hello,\n\nYou have created your account on the admissions portal of IMT Mines Alès's apprenticeship "
            "engineering programs.\nTo confirm your e-mail address and open your account, follow this link:\n"
            "{{ activate_url }}\n\nIf you did not create this account, ignore this e-mail.\n\n"
            "The admissions office, IMT Mines Alès"
        ),
    ),
    (
        "allauth.email_confirmation",
        _("Account: confirmation of an e-mail address"),
        {**_ACTIVATE, **_EMAIL},
        _("Confirm your e-mail address – IMT Mines Alès admissions"),
        _(
            "Hello,\n\nTo confirm {{ email }} as the e-mail address of your account on the admissions portal of "
            "IMT Mines Alès, follow this link:\n{{ activate_url }}\n\nIf you did not ask for it, ignore this e-mail."
            "\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "allauth.password_reset_key",
        _("Account: link to choose a new password"),
        {"password_reset_url": _("Link to the page that sets a new password")},
        _("Choose a new password – IMT Mines Alès admissions"),
        _(
            "Hello {{ candidate_name }},\n\nA new password was asked for your account on the admissions portal of "
            "IMT Mines Alès.\nTo choose it, follow this link:\n{{ password_reset_url }}\n\n"
            "If you did not ask for it, ignore this e-mail: your password stays the same.\n\n"
            "The admissions office, IMT Mines Alès"
        ),
    ),
    (
        "allauth.unknown_account",
        _("Account: a new password asked for an address without an account"),
        {**_SIGNUP, **_EMAIL},
        _("No account for this address – IMT Mines Alès admissions"),
        _(
            "Hello,\n\nA new password was asked on the admissions portal of IMT Mines Alès for the address "
            "{{ email }}, but no account uses this address.\nTo apply, create your account: {{ signup_url }}\n\n"
            "If you did not ask for it, ignore this e-mail.\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "allauth.account_already_exists",
        _("Account: signing up again with an address that has an account"),
        {
            **_SIGNUP,
            **_EMAIL,
            "password_reset_url": _("Address of the page that asks for a new password"),
        },
        _("You already have an account – IMT Mines Alès admissions"),
        _(
            "Hello,\n\nSomeone tried to create an account on the admissions portal of IMT Mines Alès with the "
            "address {{ email }}, but an account already uses it.\nIf you forgot your password, ask for a new one: "
            "{{ password_reset_url }}\n\nIf you did not ask for it, ignore this e-mail.\n\n"
            "The admissions office, IMT Mines Alès"
        ),
    ),
]


def register() -> None:
    for key, label, placeholders, subject, body in TEMPLATES:
        register_template(key, label=label, placeholders=placeholders, subject=subject, body=body)


def queue_allauth_mail(*, adapter, template_prefix: str, email: str, context: dict):
    """Queue the e-mail allauth asks for, in the language of the page that asked. Each send
    gets its own occasion, so that a user may ask again (a new link each time)."""
    key = f"allauth.{template_prefix.rsplit('/', 1)[-1]}"
    user = get_user_model().objects.filter(email__iexact=email).first()
    language = (translation.get_language() or "fr")[:2]
    try:
        spec = get_template(key)
    except LookupError:
        spec = None
    if spec is not None:
        return email_queue(
            template_key=key,
            recipient=user or email,
            context={name: str(context[name]) for name in spec.placeholders if name in context},
            language=language,
            occasion=uuid.uuid4().hex,
        )
    message = adapter.render_mail(template_prefix, email, context)
    subject = " ".join(str(message.subject).split())
    return email_queue_rendered(
        template_key=key,
        recipient=user or email,
        subject=subject,
        text=message.body,
        html=render_html(subject=subject, text=message.body, language=language),
        language=language,
        occasion=uuid.uuid4().hex,
    )
