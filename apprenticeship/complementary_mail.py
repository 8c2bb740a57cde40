# ruff: noqa: E501  (e-mail bodies read better unwrapped)
"""The complementary list's e-mails (R-ADMIT-5, R-ADMIT-6), registered with notifications at
start-up (ApprenticeshipConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_template

_INTAKE = {"program": _("Program"), "level": _("Entry level")}
_DEADLINE = {"deadline": _("Last day to sign an apprenticeship contract (a date)")}

TEMPLATES = [
    (
        "apprenticeship.complementary_draw_due",
        _("Complementary list to draw (to the jury president, 7 days before the start of classes)"),
        {
            "session": _("Name of the admissions session"),
            "intakes": _(
                "Intakes concerned, one a line: vacant places / admissible candidates still searching"
            ),
            "draws_url": _("Address of the complementary lists page"),
        },
        _("Complementary lists to draw ({{ session }})"),
        _(
            "Hello {{ candidate_name }},\n\nThe start of classes is in 7 days. These intakes still have vacant places and "
            "more admissible candidates searching a company than vacant places (vacant places / candidates still searching):\n"
            "{{ intakes }}\n\nDraw their complementary lists here: {{ draws_url }}\n\nThe admissions portal, IMT Mines Alès"
        ),
    ),
    (
        "apprenticeship.complementary_listed",
        _("Placed on the complementary list (trainee until a contract is signed)"),
        {
            **_INTAKE,
            **_DEADLINE,
            "classes_start": _("Start of classes (a date)"),
            "home_url": _("Address of the candidate's home page"),
        },
        _("You are on the complementary list: {{ program }}"),
        _(
            "Hello {{ candidate_name }},\n\nThe recruitment jury placed you on the complementary list of {{ program }} "
            '({{ level }}).\n\nFrom the start of classes on {{ classes_start|date:"j F Y" }}, you follow the program as a '
            "trainee (stagiaire de la formation professionnelle) while you keep searching a host company with the CFA.\n"
            'You have until {{ deadline|date:"j F Y" }} to sign an apprenticeship contract. Without a contract by then, '
            "you will have to leave the program.\n\nFollow your application on {{ home_url }}\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "apprenticeship.trainee_reminder",
        _("Reminder to a trainee without a contract (1 month and 1 week before the deadline)"),
        {
            **_INTAKE,
            **_DEADLINE,
            "remaining": _("Time left (1 month, 1 week)"),
            "home_url": _("Address of the candidate's home page"),
        },
        _("{{ remaining }} left to sign your apprenticeship contract"),
        _(
            "Hello {{ candidate_name }},\n\nYou follow {{ program }} ({{ level }}) as a trainee. You have {{ remaining }} "
            'left, until {{ deadline|date:"j F Y" }}, to sign an apprenticeship contract; without one, you will have '
            "to leave the program.\nThe CFA helps you in your search: {{ home_url }}\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "apprenticeship.trainee_left",
        _("A trainee without a contract at the deadline leaves the program"),
        {**_INTAKE, **_DEADLINE},
        _("End of your training in {{ program }}"),
        _(
            'Hello {{ candidate_name }},\n\nNo apprenticeship contract was signed by {{ deadline|date:"j F Y" }}, the '
            "end of the 3 months given to the trainees of the complementary list. As the admissions notice provides, "
            "you leave {{ program }} ({{ level }}) and the school.\n\nThe CFA, IMT Mines Alès"
        ),
    ),
    (
        "apprenticeship.trainees_left_cfa",
        _("Trainees who left at the deadline (to the CFA)"),
        {
            "session": _("Name of the admissions session"),
            "trainees": _("Trainees who left, one a line"),
            "deadline": _("Last day to sign an apprenticeship contract (a date)"),
            "trainees_url": _("Address of the trainees page"),
        },
        _("Trainees who left the program ({{ session }})"),
        _(
            "Hello {{ candidate_name }},\n\nThese trainees signed no apprenticeship contract by "
            '{{ deadline|date:"j F Y" }} and left the program:\n{{ trainees }}\n\nThe trainees page: {{ trainees_url }}'
            "\n\nThe admissions portal, IMT Mines Alès"
        ),
    ),
]


def register() -> None:
    for key, label, placeholders, subject, body in TEMPLATES:
        register_template(key, label=label, placeholders=placeholders, subject=subject, body=body)
