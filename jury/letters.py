"""The letters tied to a decision. The text of each wish's paragraph is chosen from the
decision itself (its kind and its tests), never from a form field, so an excellence letter
cannot reach a rejected candidate."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import email_queue

from .enums import DecisionKind, ProbatoryTest

RESULTS_TEMPLATE = "jury.review_results"
RESULTS_OCCASION = "review_results"


def decision_paragraph(decision) -> str:
    """One wish's result, in the active language."""
    wish = decision.wish
    where = _("%(program)s, %(level)s") % {
        "program": wish.intake.program.name,
        "level": wish.intake.get_level_display(),
    }
    if decision.kind == DecisionKind.EXCELLENCE:
        return _(
            "%(where)s: the recruitment jury classified your dossier in the “Academic excellence” track. "
            "You are exempt from the selection tests and declared admissible."
        ) % {"where": where}
    if decision.kind == DecisionKind.REJECTED:
        return _("%(where)s: the recruitment jury rejected your application.") % {"where": where}
    lead = (
        _(
            "%(where)s: the recruitment jury classified your dossier in the “Standard” track: "
            "you are pre-admissible."
        )
        if decision.kind == DecisionKind.STANDARD
        else _("%(where)s: you are pre-admissible.")
    ) % {"where": where}
    return f"{lead}\n{tests_sentence(decision)}"


def tests_sentence(decision) -> str:
    """The number and nature of the tests (R-TEST-1)."""
    names = [str(ProbatoryTest(t).label) for t in decision.tests]
    if decision.tests_note and ProbatoryTest.ORAL_TEST in decision.tests:
        names = [
            f"{n} ({decision.tests_note})" if t == ProbatoryTest.ORAL_TEST else n
            for t, n in zip(decision.tests, names, strict=True)
        ]
    count = len(names)
    text = translation.ngettext(
        "You will take %(count)d selection test: %(tests)s.",
        "You will take %(count)d selection tests: %(tests)s.",
        count,
    ) % {"count": count, "tests": "; ".join(names)}
    if decision.kind == DecisionKind.STANDARD:
        text += " " + _(
            "Depending on the first interview, the jury may ask you for a second, live interview."
        )
    return text


def results_text(decisions, language: str) -> str:
    with translation.override(language):
        return "\n\n".join(f"- {decision_paragraph(d)}" for d in decisions)


def results_letter_queue(*, application, decisions) -> None:
    """One e-mail per candidate with every decision released for them this time."""
    candidate = application.candidate
    language = getattr(candidate, "preferred_language", None) or "fr"
    occasion = f"{RESULTS_OCCASION}:" + ",".join(
        str(d.wish_id) for d in sorted(decisions, key=lambda d: d.wish_id)
    )
    _letter_queue(
        RESULTS_TEMPLATE,
        application=application,
        language=language,
        context={"results": results_text(decisions, language)},
        related=application,
        occasion=occasion,
    )


TEMPLATE_LABEL = gettext_lazy("File-review results (jury decisions)")

# Who and which session: every letter of the jury names them.
_ADDRESS = {
    "first_name": gettext_lazy("First name of the candidate"),
    "session": gettext_lazy("Name of the session"),
}

TEMPLATE_TEXT = {
    "placeholders": {
        **_ADDRESS,
        "results": gettext_lazy("The decision on each choice, with the selection tests to take"),
    },
    "subject": gettext_lazy("{{ session }}: result of the review of your application"),
    "body": gettext_lazy(
        "Hello {{ first_name }},\n\n"
        "The recruitment jury has reviewed your application. Its decisions are sovereign and without "
        "appeal.\n\n{{ results }}\n\n"
        "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
    ),
}


OVERRIDE_TEMPLATE = "jury.decision_overridden"


def override_letter_queue(*, decision) -> None:
    """The candidate learns of an administrator's correction of a released decision, once
    it applies (R-JURY-5: by e-mail, never before its results date)."""
    application = decision.wish.application
    language = getattr(application.candidate, "preferred_language", None) or "fr"
    with translation.override(language):
        result = decision_paragraph(decision)
    _letter_queue(
        OVERRIDE_TEMPLATE,
        application=application,
        language=language,
        context={"result": result},
        related=decision.wish,
        occasion=f"override:{decision.pk}:{decision.decided_at.isoformat()}",
    )


def _letter_queue(template_key, *, application, language, context, related, occasion) -> None:
    candidate = application.candidate
    email_queue(
        template_key=template_key,
        recipient=candidate,
        context={
            "first_name": candidate.first_name or candidate.email,
            "session": application.campaign.name,
            **context,
        },
        language=language,
        related=related,
        occasion=occasion,
    )


OVERRIDE_TEMPLATE_LABEL = gettext_lazy("Corrected jury decision")

OVERRIDE_TEMPLATE_TEXT = {
    "placeholders": {
        **_ADDRESS,
        "result": gettext_lazy("The corrected decision, with the selection tests to take"),
    },
    "subject": gettext_lazy("{{ session }}: your result has been corrected"),
    "body": gettext_lazy(
        "Hello {{ first_name }},\n\n"
        "The decision on your application has been corrected. It replaces the one we sent you "
        "before:\n\n{{ result }}\n\n"
        "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
    ),
}
