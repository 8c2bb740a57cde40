# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The e-mails of live interviews, registered with notifications in InterviewsConfig.ready().
Subjects and bodies are gettext strings: English here, French in locale/fr."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_template

NOTICE = "interviews.second_interview_notice"
BOOKED = "interviews.booked"
MOVED = "interviews.moved"
CANCELLED = "interviews.cancelled"
# To each member of the slot's panel (but the one who made the change), with the calendar event.
PANEL_BOOKED = "interviews.panel_booked"
PANEL_CANCELLED = "interviews.panel_cancelled"

_COMMON = {
    "first_name": _("First name of the candidate"),
    "session": _("Name of the session"),
    "program": _("Program and entry level"),
}
_SLOT = {
    **_COMMON,
    "test": _("The test (second interview, jury interview, oral test)"),
    "when": _("Date and time of the slot (Paris time)"),
    "booking_url": _("Address of the booking page"),
    "deadline": _("Until when the booking may be moved or cancelled (Paris time)"),
}
# The panel's e-mails: the same, to a member of the slot's panel, about a candidate.
_PANEL = {
    **{name: description for name, description in _SLOT.items() if name not in ("booking_url", "deadline")},
    "first_name": _("First name of the panel member"),
    "candidate": _("Full name of the candidate"),
}

TEMPLATES = [
    (
        NOTICE,
        _("Second live interview: the candidate is asked to book a slot (R-TEST-3)"),
        {
            **_COMMON,
            "booking_start": _("First day of the booking window"),
            "booking_end": _("Last day of the booking window"),
            "booking_url": _("Address of the booking page"),
        },
        _("{{ session }}: a second, live interview"),
        _(
            "Hello {{ first_name }},\n\nAfter your video interview, the recruitment jury of {{ program }} asks you for a second interview, live by video conference (30 minutes).\n\n"
            "Book your slot from {{ booking_start }} to {{ booking_end }} on {{ booking_url }}\n"
            "You will receive a calendar invitation with the link to the video conference.\n\n"
            "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
        ),
    ),
    (
        BOOKED,
        _("Live interview booked (with the calendar invitation)"),
        _SLOT,
        _("{{ session }}: your slot on {{ when }}"),
        _(
            "Hello {{ first_name }},\n\nYour slot is booked: {{ test }}, {{ program }}, on {{ when }} (Paris time), by video conference.\n"
            "The calendar invitation is attached; the link to the video conference shows on {{ booking_url }} shortly before the interview.\n"
            "You may move or cancel this booking until {{ deadline }}.\n\n"
            "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
        ),
    ),
    (
        MOVED,
        _("Live interview moved (with the updated calendar invitation)"),
        {
            **_SLOT,
            "previous": _("The former date and time"),
            "reason": _("Reason given by the jury, if it moved the slot"),
        },
        _("{{ session }}: your interview moves to {{ when }}"),
        _(
            "Hello {{ first_name }},\n\nYour interview ({{ test }}, {{ program }}) planned on {{ previous }} now takes place on {{ when }} (Paris time).{% if reason %}\nReason: {{ reason }}{% endif %}\n"
            "The updated calendar invitation is attached; details on {{ booking_url }}\n\n"
            "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
        ),
    ),
    (
        CANCELLED,
        _("Live interview cancelled (with the calendar cancellation)"),
        {
            **_COMMON,
            "test": _SLOT["test"],
            "when": _SLOT["when"],
            "booking_url": _("Address of the page where to book again"),
            "reason": _("Reason given by the jury, if it cancelled the slot"),
            "window_open": _("Whether the booking window is still open (another slot may be booked)"),
        },
        _("{{ session }}: booking cancelled"),
        _(
            "Hello {{ first_name }},\n\nYour booking of {{ when }} ({{ test }}, {{ program }}) is cancelled.{% if reason %}\nReason: {{ reason }}{% endif %}\n"
            "The attached file removes it from your calendar. {% if window_open %}Book another slot on {{ booking_url }}{% else %}The booking window is closed: contact the admissions office.{% endif %}\n\n"
            "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
        ),
    ),
    (
        PANEL_BOOKED,
        _("Live interview booked (to the slot's panel, with the calendar invitation)"),
        {
            **_PANEL,
            "slot_url": _("Address of the slot's page (video conference, grading)"),
            "previous": _("The former date and time, if the booking was moved"),
            "reason": _("Reason given by the jury, if it moved the booking"),
        },
        _("{{ session }}: {{ candidate }} on your slot of {{ when }}"),
        _(
            "Hello {{ first_name }},\n\nThe slot of {{ when }} (Paris time) on which you sit is booked: {{ candidate }}, {{ test }}, {{ program }}.{% if previous %}\nThis booking moved from {{ previous }}.{% endif %}{% if reason %}\nReason: {{ reason }}{% endif %}\n"
            "The calendar invitation is attached; the video conference and the grading form are on {{ slot_url }}\n\n"
            "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
        ),
    ),
    (
        PANEL_CANCELLED,
        _("Live interview cancelled or moved away (to the slot's panel, with the calendar cancellation)"),
        {
            **_PANEL,
            "slot_url": _("Address of the slot's page"),
            "moved_to": _("The new date and time, if the booking moved to a slot of another panel"),
            "reason": _("Reason given by the jury, if it cancelled or moved the booking"),
        },
        _("{{ session }}: your slot of {{ when }} is free again"),
        _(
            "Hello {{ first_name }},\n\nThe booking of {{ candidate }} ({{ test }}, {{ program }}) on the slot of {{ when }} (Paris time) on which you sit is {% if moved_to %}moved to another panel's slot, on {{ moved_to }}{% else %}cancelled{% endif %}.{% if reason %}\nReason: {{ reason }}{% endif %}\n"
            "The attached file removes it from your calendar; the slot is free again: {{ slot_url }}\n\n"
            "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
        ),
    ),
]


def register() -> None:
    for key, label, placeholders, subject, body in TEMPLATES:
        register_template(key, label=label, placeholders=placeholders, subject=subject, body=body)
