# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The dossier's e-mails, registered with notifications at start-up (CandidatesConfig.ready).
Subjects and bodies are gettext strings: English here, French in locale/fr."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_template

TEMPLATES = [
    (
        "dossier.acknowledgment",
        _("Acknowledgment of receipt of the dossier (with the PDF receipt)"),
        {
            "reference": _("Reference number of the dossier"),
            "submitted_at": _("Date and time of submission (Paris time)"),
            "session": _("Name of the admissions session"),
            "wishes": _("Choices of the dossier, one a line (program – entry level)"),
        },
        _("Acknowledgment of receipt of your application {{ reference }}"),
        _(
            "Hello {{ candidate_name }},\n\nWe have received your application for the {{ session }}, submitted on "
            "{{ submitted_at }} (Paris time), reference {{ reference }}.\n\nYour choices:\n{{ wishes }}\n\n"
            "The receipt (PDF) is attached.\n\n"
            "The results of the file review will be sent to you by e-mail.\nFollow your application on {{ site_url }}."
            "\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "dossier.changed",
        _("Acknowledgment of a change of a submitted dossier (with the updated PDF receipt)"),
        {
            "reference": _("Reference number of the dossier"),
            "changed_at": _("Date and time of the change (Paris time)"),
            "change": _("What changed"),
            "reason": _("Reason given by the staff (a correction by the admissions office)"),
        },
        _("Your application {{ reference }} has been changed"),
        _(
            "Hello {{ candidate_name }},\n\nYour application {{ reference }} was changed on {{ changed_at }} (Paris time): "
            "{{ change }}.{% if reason %}\nReason: {{ reason }}{% endif %}\nThe updated receipt (PDF) is attached: it lists "
            "every change with its date. Processing fees paid are not refunded.\n\nFollow your application on {{ site_url }}."
            "\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "dossier.withdrawn",
        _("Confirmation of a withdrawal"),
        {"programs": _("Programs withdrawn"), "reference": _("Reference number of the dossier")},
        _("Withdrawal confirmed"),
        _(
            "Hello {{ candidate_name }},\n\nWe confirm your withdrawal from: {{ programs }} (dossier {{ reference }}).\n"
            "Processing fees paid are not refunded.\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "dossier.refused_examination",
        _("Refusal of examination of an incomplete dossier"),
        {"reference": _("Reference number of the dossier"), "reason": _("Reason given by the staff")},
        _("Your application {{ reference }} cannot be examined"),
        _(
            "Hello {{ candidate_name }},\n\nYour application {{ reference }} lacks documents indispensable to its "
            "examination; its examination is refused.\n\nReason: {{ reason }}\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "dossier.voided",
        _("Application voided for a false declaration"),
        {"reference": _("Reference number of the dossier"), "reason": _("Reason given by the staff")},
        _("Your application {{ reference }} is void"),
        _(
            "Hello {{ candidate_name }},\n\nA false declaration was found in your application {{ reference }}: "
            "it is void and rejected.\n\nReason: {{ reason }}\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "dossier.scholarship_refused",
        _("Scholarship proof refused: the standard fee is owed"),
        {
            "reference": _("Reference number of the dossier"),
            "reason": _("Reason given by the staff"),
            "amount_owed": _("Amount still owed"),
            "pay_link": _("Address of the payment page"),
        },
        _("Scholarship proof refused"),
        _(
            "Hello {{ candidate_name }},\n\nThe scholarship proof attached to your application {{ reference }} was not "
            "accepted.\nReason: {{ reason }}\n\nThe standard processing fee applies; {{ amount_owed }} is still owed: "
            "{{ pay_link }}\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
    (
        "referee.request",
        _("Request for a confidential appraisal (referee)"),
        {
            "referee_name": _("Name of the referee"),
            "link": _("Private link to the appraisal form"),
            "days": _("Number of days the link stays valid"),
            "session": _("Name of the admissions session"),
        },
        _("Confidential appraisal requested for {{ candidate_name }}"),
        _(
            "Hello {{ referee_name }},\n\n{{ candidate_name }} applies to IMT Mines Alès's apprenticeship engineering "
            "programs ({{ session }}) and named you for a confidential appraisal.\nThe candidate will never read your "
            "answer; only the recruitment jury does.\n\nForm (personal link, valid {{ days }} days): {{ link }}"
            "\n\nThe admissions office, IMT Mines Alès"
        ),
    ),
]


def register() -> None:
    for key, label, placeholders, subject, body in TEMPLATES:
        register_template(key, label=label, placeholders=placeholders, subject=subject, body=body)
