"""One small renderer around WeasyPrint (DESIGN.md, PDFs): a Django template rendered in the
recipient's language, then printed to PDF bytes. Templates live in `<app>/templates/pdf/`.

Printing costs a second of CPU where the HTML costs milliseconds, so a PDF asked for with a
`cache_key` is printed once per distinct HTML: the key is completed with the HTML's hash, so
whatever changed in the document (a state, a payment, the language) makes a new one, and
nothing has to be invalidated. The acknowledgment task prints the receipt in the worker at
submission; the candidate's download moments later is then served from the cache."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(
    template_name: str, context: dict, language: str | None = None, *, cache_key: str | None = None
) -> bytes:
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    if cache_key is None:
        return _print(html)
    key = f"pdf:{cache_key}:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = _print(html)
        cache.set(key, pdf, settings.PORTAL_PDF_CACHE_SECONDS)
    return pdf


def _print(html: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - 1.4 s to import (Pango, fonts): paid by PDF renders only

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
