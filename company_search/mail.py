# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The e-mails of company-search support, registered with notifications at start-up
(CompanySearchConfig.ready). Subjects and bodies are gettext strings: English here, French in
locale/fr."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_template

INVITATION = "company_search.invitation"
PROMOTED = "company_search.promoted"
REMINDER = "company_search.reminder"
PLACES_DIGEST = "company_search.places_digest"

_DAY_PLACEHOLDERS = {
    "day_title": _("Title of the training day"),
    "day_when": _("Date and time of the training day (Paris time)"),
    "day_place": _("Place of the training day"),
    "support_url": _("Address of the company-search support page"),
}

TEMPLATES = [
    (
        INVITATION,
        _("Invitation of admissible candidates to the CFA's company-search support"),
        {
            "session": _("Name of the admissions session"),
            "programs": _("Programs in which the candidate searches a host company"),
            "support_url": _("Address of the company-search support page"),
        },
        _("The CFA helps you find your host company"),
        _(
            "Hello {{ candidate_name }},\n\nYou are admissible ({{ programs }}, {{ session }}). Admission is pronounced only with a "
            "host company: the CFA supports you in your search.\n\nTell us what you need (sectors, regions, help with your CV, "
            "interview practice, mobility…), find the resources and register for the training days on {{ support_url }}\n\n"
            "The CFA, IMT Mines Alès"
        ),
    ),
    (
        PROMOTED,
        _("A place freed up at a training day: the candidate on the waiting list is registered"),
        _DAY_PLACEHOLDERS,
        _("You are registered for the training day “{{ day_title }}”"),
        _(
            "Hello {{ candidate_name }},\n\nA place freed up: you are now registered for the training day “{{ day_title }}”, "
            "{{ day_when }} (Paris time), {{ day_place }}.\n\nIf you cannot come, cancel on {{ support_url }} so that "
            "another candidate gets your place.\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        REMINDER,
        _("Reminder of a training day, the day before"),
        _DAY_PLACEHOLDERS,
        _("Tomorrow: training day “{{ day_title }}”"),
        _(
            "Hello {{ candidate_name }},\n\nWe remind you of the training day “{{ day_title }}” tomorrow, {{ day_when }} "
            "(Paris time), {{ day_place }}.\n\nIf you cannot come, cancel on {{ support_url }} so that another "
            "candidate gets your place.\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        PLACES_DIGEST,
        _("Places left per program, sent regularly to admissible candidates (R-ADMIT-4)"),
        {
            "session": _("Name of the admissions session"),
            "places": _("Places left per program and entry level, one a line"),
            "places_url": _("Address of the page of the places left"),
        },
        _("Places left in the programs ({{ session }})"),
        _(
            "Hello {{ candidate_name }},\n\nA place is taken each time the CFA registers a job sheet. Places left today "
            "({{ session }}):\n{{ places }}\n\nThe count is kept up to date on {{ places_url }}\n\n"
            "The CFA, IMT Mines Alès"
        ),
    ),
]


def register() -> None:
    for key, label, placeholders, subject, body in TEMPLATES:
        register_template(key, label=label, placeholders=placeholders, subject=subject, body=body)
