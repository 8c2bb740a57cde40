"""The admissibility results letter (R-TEST-8): admissible or not, per wish, never a grade or
a detailed result. The text of each paragraph is chosen from the decision itself, never
from a form field."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import AdmissibilityOutcome

RESULTS_TEMPLATE = "selection.admissibility_results"
RESULTS_OCCASION = "admissibility_results"


def outcome_paragraph(decision) -> str:
    """One wish's admissibility, in the active language."""
    wish = decision.wish
    where = _("%(program)s, %(level)s") % {
        "program": wish.intake.program.name,
        "level": wish.intake.get_level_display(),
    }
    if decision.outcome == AdmissibilityOutcome.ADMISSIBLE:
        return _(
            "%(where)s: the recruitment jury declared you admissible. Next step: looking for a host "
            "company, with the support of the CFA of IMT Mines Alès from %(date)s. Admissibility does "
            "not guarantee a place: admission comes with a signed apprenticeship contract."
        ) % {
            "where": where,
            "date": date_format(wish.intake.campaign.company_search_start_on, "j F Y"),
        }
    return _("%(where)s: the recruitment jury declared you not admissible.") % {"where": where}


def results_item(*, application, decisions) -> dict:
    """One candidate's e-mail, for `notifications.services.email_queue_many`: every decision
    released for them this time, in their language; the occasion names the wishes, so that
    a rerun queues nothing twice."""
    candidate = application.candidate
    language = getattr(candidate, "preferred_language", None) or "fr"
    with translation.override(language):
        results = "\n\n".join(f"- {outcome_paragraph(d)}" for d in decisions)
    return {
        "recipient": candidate,
        "language": language,
        "context": {
            "first_name": candidate.first_name or candidate.email,
            "session": application.campaign.name,
            "results": results,
        },
        "related": application,
        "occasion": f"{RESULTS_OCCASION}:"
        + ",".join(str(d.wish_id) for d in sorted(decisions, key=lambda d: d.wish_id)),
    }


TEMPLATE_LABEL = gettext_lazy("Admissibility results (after the selection tests)")

TEMPLATE_TEXT = {
    "placeholders": {
        "first_name": gettext_lazy("First name of the candidate"),
        "session": gettext_lazy("Name of the session"),
        "results": gettext_lazy("Admissible or not admissible, for each choice (never a grade)"),
    },
    "subject": gettext_lazy("{{ session }}: admissibility results"),
    "body": gettext_lazy(
        "Hello {{ first_name }},\n\n"
        "At the end of the selection tests, the recruitment jury has drawn up the list of admissible "
        "candidates. Its decisions are sovereign and without appeal; detailed results are not "
        "communicated.\n\n{{ results }}\n\n"
        "Kind regards,\nDirectorate of apprenticeship programs, IMT Mines Alès"
    ),
}
