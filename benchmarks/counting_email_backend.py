"""E-mail backend for the outbox benchmark: delivers nowhere, but appends one line per
message actually sent ("<Message-ID> <recipient>") to $BENCH_SENT_LOG, so that the
benchmark can prove that nothing was sent twice (O_APPEND writes of one short line are
atomic across the worker's processes)."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class CountingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        lines = []
        # A pretend SMTP round trip (BENCH_SEND_DELAY_MS), so that a fault script can kill
        # the worker in the middle of a batch.
        delay = float(os.environ.get("BENCH_SEND_DELAY_MS", "0")) / 1000
        for message in email_messages:
            if delay:
                time.sleep(delay)
            message.message()  # build the MIME message as SMTP would
            lines.append(f"{message.extra_headers.get('Message-ID', '?')} {message.to[0]}\n")
        fd = os.open(os.environ["BENCH_SENT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            for line in lines:
                os.write(fd, line.encode())
        finally:
            os.close(fd)
        return len(email_messages)
