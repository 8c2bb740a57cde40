"""The deliberation minutes (PDF), through core.pdf's renderer."""

from django.utils import timezone

from core.pdf import render_pdf

from .selectors import minutes_context


def minutes_pdf(*, intake, language: str = "fr") -> bytes:
    context = {"intake": intake, "printed_at": timezone.now(), **minutes_context(intake=intake)}
    return render_pdf("pdf/jury_minutes.html", context, language)
