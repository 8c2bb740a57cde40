"""The deliberation minutes in words: each logged change of a decision or an eligibility
ruling becomes one sentence ("Décision « Standard » enregistrée par … le …"), written in
the active language when the PDF is rendered. The minutes are an official document: no
code, no stored dictionary ever reaches the reader."""

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.formatting import datetime_display

from .enums import AuditAction, DecisionKind, ProbatoryTest


def _label(choices, value) -> str:
    """A stored value in words; an unknown one (a choice removed since) is left as written."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def who_did(entry) -> str:
    """Who wrote a log entry, as the minutes name them (the portal for the calendar's steps)."""
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor.email
    return _("the portal") if entry.actor_label == "system" else entry.actor_label


def _decision_sentence(entry, facts) -> str:
    after, before = entry.after, entry.before
    if before.get("kind") and before["kind"] != after.get("kind"):
        text = _("Decision changed from “%(before)s” to “%(kind)s” by %(who)s on %(when)s.")
    else:
        text = _("Decision “%(kind)s” recorded by %(who)s on %(when)s.")
    parts = [text % {**facts, "before": _label(DecisionKind, before.get("kind", ""))}]
    tests = [_label(ProbatoryTest, t) for t in after.get("tests") or []]
    if tests:
        note = after.get("tests_note")
        parts.append(
            _("Selection tests: %(tests)s.") % {"tests": "; ".join(tests) + (f" ({note})" if note else "")}
        )
    return " ".join(parts)


def _override_sentence(entry, facts) -> str:
    text = _("Decision overridden from “%(before)s” to “%(kind)s” by %(who)s on %(when)s.") % {
        **facts,
        "before": _label(DecisionKind, entry.before.get("kind", "")),
    }
    applies_at = parse_datetime(entry.after.get("applies_at") or "")
    if applies_at:
        text += " " + _("It applies on %(when)s.") % {"when": datetime_display(applies_at)}
    return text


def _eligibility_sentence(entry, facts) -> str:
    if entry.after.get("eligible"):
        return _("Dossier ruled eligible by %(who)s on %(when)s.") % facts
    return _("Dossier ruled not eligible by %(who)s on %(when)s.") % facts


def _released_sentence(entry, facts) -> str:
    return _("Decision released to the candidate by %(who)s on %(when)s.") % facts


_SENTENCES = {
    AuditAction.DECISION: _decision_sentence,
    AuditAction.DECISION_OVERRIDE: _override_sentence,
    AuditAction.ELIGIBILITY: _eligibility_sentence,
    AuditAction.DECISION_RELEASED: _released_sentence,
}


def change_sentence(entry) -> str:
    """One entry of the minutes' log (`MINUTES_ACTIONS`) as a sentence, with its reason or
    comment when it has one."""
    facts = {
        "who": who_did(entry),
        "when": datetime_display(entry.created_at),
        "kind": _label(DecisionKind, entry.after.get("kind", "")),
    }
    text = _SENTENCES[AuditAction(entry.action)](entry, facts)
    comment = entry.reason or (entry.after.get("comment") if entry.action == AuditAction.ELIGIBILITY else "")
    if comment:
        text += " " + _("Comment: %(comment)s") % {"comment": comment}
    return text
