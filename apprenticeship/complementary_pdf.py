"""The complementary list's minutes (PDF through core.pdf): the intake, the rule and its
frozen inputs, the list as drawn and the replay check, in the reader's language."""

from django.utils import timezone

from core.pdf import render_pdf


def draw_minutes_pdf(*, context: dict, language: str = "fr") -> bytes:
    return render_pdf(
        "pdf/apprenticeship_complementary_minutes.html", {**context, "printed_at": timezone.now()}, language
    )
