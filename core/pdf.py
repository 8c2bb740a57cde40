"""One small renderer around WeasyPrint (DESIGN.md, PDFs): a Django template rendered in the
recipient's language, then printed to PDF bytes. Templates live in `<app>/templates/pdf/`."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, language: str | None = None) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - 1.4 s to import (Pango, fonts): paid by PDF renders only

    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
