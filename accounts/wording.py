"""allauth's account pages say "Sign In" and "Sign Up" where the portal's header says "Log
in" and "Create an account". These msgids are listed here so that `make messages` keeps them
in the project's catalogues (locale/), which win over allauth's: locale/en rewords them in
English, locale/fr translates them. The English catalogue's test allows these rewordings
only. Nothing imports this module at run time."""

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
