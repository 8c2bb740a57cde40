"""The one error type a service raises to refuse what a user asked: a `code` that programs
and tests compare, and a `message` already translated into the user's language, shown as
is by `core.views.show_error`. Each app's error (DossierError, JuryError, PaymentError)
derives from it, so a view, a task or a test can catch any refusal the same way."""


class PortalError(Exception):
    """A refusal explained to the user. Subclasses may set a default `code` and a lazily
    translated `default_message`; a raise may give its own message (formatted with the
    refusal's details) and code."""

    code = "refused"
    default_message = ""

    def __init__(self, message=None, code=None):
        self.message = str(self.default_message if message is None else message)
        if code:
            self.code = code
        super().__init__(self.message)
