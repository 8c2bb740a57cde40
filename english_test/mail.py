# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The invitation e-mail (registered in EnglishTestConfig.ready)."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

INVITATION_TEMPLATE = "english_test.invitation"
INVITATION_OCCASION = "invitation"

INVITATION = {
    "label": _("Invitation to the English test (when its window opens)"),
    "placeholders": {
        "link": _("Link to take the test"),
        "window_start": _("First day of the test window"),
        "window_end": _("Last day of the test window"),
        "session": _("Name of the admissions session"),
    },
    "subject": _("Your English test: from {{ window_start }} to {{ window_end }}"),
    "body": _(
        "Hello {{ candidate_name }},\n\nAs part of the selection tests of the {{ session }}, you are invited to take an online English test "
        "(comprehension, oral and written expression; 30 minutes).\n\nTake it once, at a time of your choice, between {{ window_start }} and "
        "{{ window_end }} (Paris time), from a computer with a microphone and a camera:\n{{ link }}\n\n"
        "Pictures may be taken during the test to check your identity; they are not graded. The result is used by the jury only.\n\n"
        "The admissions office, IMT Mines Alès"
    ),
}


def invitation_context(take, provider) -> dict:
    """Dates and the session's name written in the recipient's language."""
    campaign = take.application.campaign
    language = getattr(take.application.candidate, "preferred_language", None) or "fr"
    with translation.override(language):
        return {
            "link": provider.invitation_url(take),
            "window_start": date_format(campaign.video_english_start_on, "j F Y"),
            "window_end": date_format(campaign.video_english_end_on, "j F Y"),
            "session": str(campaign.name),
        }
