"""The e-mails of job sheets, admission and contracts (registered in AppConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_template

_COMMON = {
    "candidate_name": _("Candidate's name"),
    "program": _("Program and entry level"),
    "company": _("Company name"),
}

TEMPLATES = [
    (
        "job_sheet.invite",
        _("Job sheet: invitation of a future employer"),
        {
            **_COMMON,
            "employer_name": _("Name of the contact at the company"),
            "link": _("Private link"),
            "days": _("Days the link stays valid"),
        },
        _("Job description sheet for {{ candidate_name }}'s apprenticeship"),
        _(
            "Hello {{ employer_name }},\n\n{{ candidate_name }} is admissible to IMT Mines Alès's "
            "apprenticeship engineering program {{ program }} and asks you to describe the job you "
            "offer: the company, the apprenticeship master and the missions over the years of the "
            "program. The school reads it and approves it before the contract is signed.\n\nYour sheet "
            "(private link, valid {{ days }} days, no account needed; what you type is saved as you go): "
            "{{ link }}\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "job_sheet.sent",
        _("Job sheet: sent to the school (to the candidate)"),
        _COMMON,
        _("Your job sheet was sent to the school"),
        _(
            "Hello {{ candidate_name }},\n\n{{ company }} sent the job sheet of your apprenticeship in "
            "{{ program }} to the school. The CFA will tell you its decision.\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "job_sheet.decision",
        _("Job sheet: the school's decision (candidate and employer)"),
        {
            **_COMMON,
            "decision": _("The decision, in words"),
            "comment": _("The school's comment"),
            "link": _("Link to the sheet (employer only)"),
        },
        _("Job sheet for {{ candidate_name }}: {{ decision }}"),
        _(
            "Hello,\n\nThe school read the job sheet of {{ candidate_name }} ({{ program }}, {{ company "
            "}}).\nDecision: {{ decision }}.\n\n{{ comment }}\n{{ link }}\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "job_sheet.registered",
        _("Job sheet: registered on a place (candidate and employer)"),
        _COMMON,
        _("Job sheet registered: a place is held for {{ candidate_name }}"),
        _(
            "Hello,\n\nThe CFA registered the job sheet of {{ candidate_name }} ({{ program }}, {{ "
            "company }}): a place of the program is held. The apprenticeship contract may now be signed; "
            "admission is pronounced once the required diploma is proven.\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "job_sheet.waiting",
        _("Job sheet: approved but no place left (candidate and CFA)"),
        _COMMON,
        _("No place left for now: {{ candidate_name }}'s job sheet waits"),
        _(
            "Hello,\n\nThe job sheet of {{ candidate_name }} ({{ program }}, {{ company }}) is approved, "
            "but every place of the program is taken. It waits, in the order of approval: if a place "
            "opens, it is registered at once and you are told.\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "apprenticeship.admitted",
        _("Admission pronounced (to the candidate)"),
        _COMMON,
        _("You are admitted to {{ program }}"),
        _(
            "Hello {{ candidate_name }},\n\nYour job sheet is registered and your diploma is proven: you "
            "are admitted to {{ program }}. Your enrolment is final once the signed apprenticeship "
            "contract with {{ company }} is recorded by the CFA.\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "apprenticeship.enrolled",
        _("Contract recorded, enrolled (to the candidate)"),
        {**_COMMON, "withdrawn": _("Other choices withdrawn")},
        _("Your apprenticeship contract is recorded: you are enrolled in {{ program }}"),
        _(
            "Hello {{ candidate_name }},\n\nThe CFA recorded your apprenticeship contract with {{ "
            "company }}: you are enrolled in {{ program }}.\n{{ withdrawn }}\n\nThe CFA, IMT Mines Alès"
        ),
    ),
]


def register() -> None:
    for key, label, placeholders, subject, body in TEMPLATES:
        register_template(key, label=label, placeholders=placeholders, subject=subject, body=body)
