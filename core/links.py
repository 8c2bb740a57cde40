"""The portal's own address, for links that leave the portal (e-mails, PDFs).

One source for every e-mail, allauth's included: `settings.SITE_URL`, which the run command
(scripts/serve.sh, from `make run HOST=… PORT=…`) exports to the web process, the worker and
beat, and which production reads from its environment (.env.example). A link built from the
request would be right only for mail sent during a request, never for the worker's.
"""

from django.conf import settings


def portal_url(path: str = "") -> str:
    """The absolute address of `path` (a path from `reverse`, or "" for the home page)."""
    return settings.SITE_URL.rstrip("/") + (path or "/")
