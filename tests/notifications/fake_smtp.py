"""The outside world: an e-mail backend standing for an SMTP server that fails the way we
tell it to (and otherwise delivers to Django's locmem outbox)."""

import threading

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

# A list of exceptions to raise, one per send call, in order; then it delivers.
FAILURES: list[BaseException] = []
SENT_TO: list[str] = []
_lock = threading.Lock()


class FlakySMTPBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        with _lock:
            if FAILURES:
                raise FAILURES.pop(0)
        for message in email_messages:
            message.message()  # serialise as a real backend would
            with _lock:
                SENT_TO.extend(message.to)
                if not hasattr(mail, "outbox"):
                    mail.outbox = []
                mail.outbox.append(message)
        return len(email_messages)
