"""The admissibility minutes in words: each logged decision becomes one sentence, written in
the active language when the PDF is rendered; and the PDF itself, through core.pdf."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formatting import datetime_display
from core.pdf import render_pdf
from jury.minutes import who_did

from .enums import AdmissibilityOutcome, AuditAction
from .selectors import minutes_context


def _label(value) -> str:
    try:
        return str(AdmissibilityOutcome(value).label)
    except ValueError:
        return str(value)


def change_sentence(entry) -> str:
    """One entry of the minutes' log as a sentence, with its comment when it has one."""
    facts = {"who": who_did(entry), "when": datetime_display(entry.created_at)}
    if entry.action == AuditAction.ADMISSIBILITY_RELEASED:
        return _("Decision released to the candidate by %(who)s on %(when)s.") % facts
    after, before = entry.after, entry.before
    facts["outcome"] = _label(after.get("outcome", ""))
    if before.get("outcome") and before["outcome"] != after.get("outcome"):
        text = _("Decision changed from “%(before)s” to “%(outcome)s” by %(who)s on %(when)s.") % {
            **facts,
            "before": _label(before["outcome"]),
        }
    else:
        text = _("Decision “%(outcome)s” recorded by %(who)s on %(when)s.") % facts
    if after.get("rank"):
        text += " " + _("Rank %(rank)s.") % {"rank": after["rank"]}
    if entry.reason:
        text += " " + _("Comment: %(comment)s") % {"comment": entry.reason}
    return text


def minutes_pdf(*, intake, language: str = "fr") -> bytes:
    """The admissibility minutes of an intake in the reader's language."""
    context = {"intake": intake, "printed_at": timezone.now(), **minutes_context(intake=intake)}
    with translation.override(language):
        for entry in context["log"]:
            entry.sentence = change_sentence(entry)
    return render_pdf("pdf/admissibility_minutes.html", context, language)
