# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The video interview's e-mails, registered at start-up (VideoInterviewConfig.ready)."""

from django.utils.translation import gettext_lazy as _

INVITATION = "video_interview.invitation"
SECOND_TAKE = "video_interview.second_take"
DELETED = "video_interview.deleted"

TEMPLATES = [
    (
        INVITATION,
        _("Invitation to record the deferred video interview"),
        {
            "program": _("Program and entry level"),
            "window_start": _("First day of the window"),
            "window_end": _("Last day of the window"),
            "minutes": _("Total answer time in minutes"),
            "link": _("Link to the recording page"),
        },
        _("Your deferred video interview: {{ window_start }} to {{ window_end }}"),
        _(
            "Hello {{ candidate_name }},\n\nFor your application to {{ program }}, please record your deferred video interview "
            "between {{ window_start }} and {{ window_end }} (Paris time), at a time of your choice, from a computer, a tablet or a phone.\n\n"
            "The questions appear one by one; you answer in {{ minutes }} minutes at most. You may check your camera and microphone and practise "
            "as often as you like first; the recording itself can be made only once.\n\n{{ link }}\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        SECOND_TAKE,
        _("A second recording of the video interview is allowed"),
        {
            "program": _("Program and entry level"),
            "reason": _("Reason given by the jury"),
            "link": _("Link to the recording page"),
        },
        _("You may record your video interview again"),
        _(
            "Hello {{ candidate_name }},\n\nThe jury allows you to record your video interview for {{ program }} once more.\n"
            "Reason: {{ reason }}\n\n{{ link }}\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        DELETED,
        _("Deletion of the video interview's recording"),
        {"program": _("Program and entry level")},
        _("Your video interview recording has been deleted"),
        _(
            "Hello {{ candidate_name }},\n\nAs announced, the recording of your video interview for {{ program }} has been deleted "
            "from our storage, with every part of it.\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
]
