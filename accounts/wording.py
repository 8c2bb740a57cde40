"""allauth's account pages say "Sign In" and "Sign Up" where the portal's header says "Log
in" and "Create an account". These msgids are listed here so that makemessages keeps them
in the accounts catalogues: accounts comes before allauth in INSTALLED_APPS, so its French
translations and its English rewording (accounts/locale/en, written by hand) win over
allauth's. Nothing imports this module."""

from django.utils.translation import gettext_noop

ALLAUTH_REWORDED = (
    gettext_noop("Sign In"),
    gettext_noop("Sign Up"),
    gettext_noop("Sign Out"),
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Remember Me"),
    gettext_noop("Reset My Password"),
    gettext_noop("Bad Token"),  # a spent or broken password-reset link
    # Django's own French says "Courriel"; the portal says "e-mail" everywhere.
    gettext_noop("Email"),
)
