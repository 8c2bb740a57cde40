"""The one way services write to the audit log.

An action is a member of its app's `AuditAction` (`enums.py`), never a free string: the
deliberation minutes and the histories select entries by these values, so a misspelt
string would write an entry that no reader ever finds, and nothing would fail. Refused
here with a TypeError, the mistake shows in the first test that reaches the call.

The log is append-only: an entry is never updated nor deleted by the services. Two dedicated
paths, both for the privacy app and both audited by their caller or here, are the
exceptions: `audit_expire` (entries past their retention period) and `audit_pseudonymise`
(the entries that name a person whose dossier or account is erased)."""

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from .models import AuditEntry


def _checked(action: models.TextChoices) -> str:
    if not isinstance(action, models.TextChoices):
        raise TypeError(f"Audit action {action!r} is not a member of an app's AuditAction (enums.py).")
    return action.value


def audit_record(*, actor, action: models.TextChoices, obj=None, before=None, after=None, reason: str = ""):
    """Append one entry. `actor` may be None for the system (milestones, callbacks)."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(getattr(actor, "email", "") or str(actor)) if actor else "system",
        action=_checked(action),
        before=before or {},
        after=after or {},
        reason=reason,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry


def audit_record_many(*, actor, action: models.TextChoices, changes, reason: str = "") -> list[AuditEntry]:
    """Append one entry per (obj, before, after) in `changes`, in one INSERT: for bulk
    state changes (thousands of decisions released at once)."""
    changes = list(changes)
    if not changes:
        return []
    action = _checked(action)
    content_type = ContentType.objects.get_for_model(changes[0][0])
    label = (getattr(actor, "email", "") or str(actor)) if actor else "system"
    return AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor if getattr(actor, "pk", None) else None,
                actor_label=label,
                action=action,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:255],
                before=before or {},
                after=after or {},
                reason=reason,
            )
            for obj, before, after in changes
        ]
    )


def audit_expired(*, before) -> models.QuerySet:
    """The entries older than `before`: what the retention rule of the audit log removes."""
    return AuditEntry.objects.filter(created_at__lt=before)


def audit_expire(*, before, keep: models.Q | None = None) -> int:
    """The one deletion the append-only log admits: entries past their retention period
    (privacy's nightly purge, its own rule), but those `keep` selects (a held dossier's).
    Returns how many rows went."""
    expired = audit_expired(before=before)
    if keep is not None:
        expired = expired.exclude(keep)
    return expired._raw_delete(expired.db)


# --- pseudonymisation: the entries of an erased person -----------------------------------
ERASED = "[erased]"  # what a personal value of an erased record's entry becomes


@dataclass(frozen=True)
class AuditSubject:
    """A person whose audit entries must stop naming them (privacy's erasure).

    `records`: (content type id, object id) of their erased records (a dossier, its choices,
    documents, bookings…): the entries about them are rewritten: the object named by the
    pseudonym, the values of the personal keys in before/after blanked, the person as actor
    and their e-mail addresses and names (whole words, any case) replaced by the pseudonym.
    `everywhere`: their account goes too, so every entry they made (`user_ids`, `emails` as
    recorded) or whose text names them, written `since` their account exists, is rewritten
    as well (actor, addresses and names)."""

    pseudonym: str
    user_ids: frozenset[int] = frozenset()
    emails: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    records: frozenset[tuple[int, str]] = frozenset()
    everywhere: bool = False
    since: dt.datetime | None = None

    @property
    def needles(self) -> tuple[str, ...]:
        return tuple(sorted(n for n in {*self.emails, *self.names} if n and len(n.strip()) > 1))


_WORD = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\w+(?:['’-]\w+)*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class _Finder:
    """Which people a text names: its e-mail addresses and runs of words looked up in sets
    (fast on the whole log, whatever the number of people), not one search per name."""

    def __init__(self, subjects):
        self.needles = {}
        for subject in subjects:
            for needle in subject.needles:
                self.needles.setdefault(tuple(_words(needle)), (needle, subject.pseudonym))
        self.first_words = {words[0] for words in self.needles}
        self.longest = max((len(words) for words in self.needles), default=0)

    def __call__(self, text: str) -> set[tuple[str, str]]:
        """{(needle, pseudonym)} of the people `text` names."""
        found = set()
        if not self.needles or not text:
            return found
        words = _words(text)
        for start, word in enumerate(words):
            if word not in self.first_words:
                continue
            for length in range(1, min(self.longest, len(words) - start) + 1):
                hit = self.needles.get(tuple(words[start : start + length]))
                if hit:
                    found.add(hit)
        return found


@functools.lru_cache(maxsize=1024)
def _replacer(hits: frozenset):
    """Replace each found needle (whole words, any case, any spacing) by its pseudonym."""
    pseudonyms = {}
    alternatives = []
    for needle, pseudonym in sorted(hits, key=lambda hit: len(hit[0]), reverse=True):
        pseudonyms[" ".join(_words(needle))] = pseudonym
        alternatives.append(r"\s+".join(re.escape(word) for word in needle.split()))
    pattern = re.compile(rf"(?<![\w@.])(?:{'|'.join(alternatives)})(?![\w@])", re.IGNORECASE)

    def replace(value):
        if not isinstance(value, str):
            return value
        return pattern.sub(
            lambda match: pseudonyms.get(" ".join(_words(match.group(0))), match.group(0)), value
        )

    return replace


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _keep(value):
    return value


class _Rewriter:
    """Rewrites entries for a set of subjects: each entry loses the names of the subjects
    erased everywhere, and, when it is about an erased record, its subject entirely."""

    def __init__(self, subjects, personal_keys):
        self.personal_keys = personal_keys
        everywhere = [s for s in subjects if s.everywhere]
        self.find = _Finder(everywhere)
        self.by_record = {record: s for s in subjects for record in s.records}
        self.own = {s.pseudonym: _Finder([s]) for s in subjects}
        self.actors = {pk: s.pseudonym for s in everywhere for pk in s.user_ids}
        self.labels = {email.lower(): s.pseudonym for s in everywhere for email in s.emails}

    def hits(self, entry: AuditEntry, subject=None) -> set:
        text = "\n".join(
            [
                entry.actor_label,
                entry.object_repr,
                entry.reason,
                *_strings(entry.before),
                *_strings(entry.after),
            ]
        )
        hits = self.find(text)
        if subject is not None:
            hits |= self.own[subject.pseudonym](text)
        return hits

    def _data(self, value, text, *, on_record: bool):
        if isinstance(value, dict):
            return {
                key: ERASED
                if on_record and key in self.personal_keys and item not in (None, "", [], {})
                else self._data(item, text, on_record=on_record)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [self._data(item, text, on_record=on_record) for item in value]
        return text(value)

    def rewrite(self, entry: AuditEntry) -> bool:
        """Rewrite `entry` in memory; True when something changed."""
        subject = self.by_record.get((entry.content_type_id, entry.object_id))
        hits = self.hits(entry, subject)
        text = _replacer(frozenset(hits)) if hits else _keep
        actors, labels = self.actors, self.labels
        if subject is not None:
            actors = {**actors, **dict.fromkeys(subject.user_ids, subject.pseudonym)}
            labels = {**labels, **{email.lower(): subject.pseudonym for email in subject.emails}}
        on_record = subject is not None
        fields = {
            "object_repr": subject.pseudonym if on_record else text(entry.object_repr),
            "before": self._data(entry.before, text, on_record=on_record),
            "after": self._data(entry.after, text, on_record=on_record),
            "reason": text(entry.reason),
        }
        actor = actors.get(entry.actor_id) or labels.get(entry.actor_label.lower())
        if actor:
            fields.update(actor_id=None, actor_label=actor)
        changed = {name: value for name, value in fields.items() if getattr(entry, name) != value}
        for name, value in changed.items():
            setattr(entry, name, value)
        return bool(changed)


def _records_q(subjects) -> Q:
    by_type: dict[int, list[str]] = {}
    for subject in subjects:
        for content_type_id, object_id in subject.records:
            by_type.setdefault(content_type_id, []).append(object_id)
    query = Q(pk__in=[])
    for content_type_id, object_ids in by_type.items():
        query |= Q(content_type_id=content_type_id, object_id__in=object_ids)
    return query


PSEUDONYMISED_FIELDS = ["actor", "actor_label", "object_repr", "before", "after", "reason"]
# The people whose records and actions are read per query (bounded SQL parameters).
SUBJECTS_PER_QUERY = 100


def _as_text(raw: str | None) -> str:
    """A JSON column read as text: SQLite keeps non-ASCII letters escaped (\\u00e9)."""
    if raw and "\\u" in raw:
        return "\n".join(_strings(json.loads(raw)))
    return raw or ""


def _candidates(subjects, rewriter):
    """The entries to look at: about the records and by the people (indexed), then one
    reading of the log (as text, since the earliest account of those erased everywhere) for
    their names and addresses."""
    seen = set()
    for start in range(0, len(subjects), SUBJECTS_PER_QUERY):
        group = subjects[start : start + SUBJECTS_PER_QUERY]
        actors = [pk for s in group if s.everywhere for pk in s.user_ids]
        for entry in AuditEntry.objects.filter(_records_q(group) | Q(actor_id__in=actors)).order_by("pk"):
            if entry.pk not in seen:
                seen.add(entry.pk)
                yield entry
    everywhere = [s for s in subjects if s.everywhere and s.needles]
    if not everywhere:
        return
    log = AuditEntry.objects.order_by("pk")
    if all(s.since for s in everywhere):
        log = log.filter(created_at__gte=min(s.since for s in everywhere))
    rows = log.values_list(
        "pk", "actor_label", "object_repr", "reason", Cast("before", TextField()), Cast("after", TextField())
    )
    named = []
    for pk, *texts in rows.iterator(chunk_size=5000):
        if pk not in seen and rewriter.find("\n".join([*texts[:3], _as_text(texts[3]), _as_text(texts[4])])):
            named.append(pk)
    for start in range(0, len(named), 1000):
        yield from AuditEntry.objects.filter(pk__in=named[start : start + 1000]).order_by("pk")


def _write(entries: list[AuditEntry]) -> None:
    """UPDATE the rewritten entries, many rows per statement. Not through AuditEntry.objects,
    whose update() refuses: this is the log's dedicated path."""
    connection = transaction.get_connection()
    meta = AuditEntry._meta
    fields = [meta.get_field(name) for name in PSEUDONYMISED_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Identifiers come from the model's metadata (quoted); every value is a parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    params = [
        [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields] + [entry.pk]
        for entry in entries
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def audit_pseudonymise(
    *,
    subjects: Iterable[AuditSubject],
    personal_keys: Iterable[str] = (),
    actor=None,
    action: models.TextChoices,
    dry_run: bool = False,
) -> list[int]:
    """The one rewrite the append-only log admits: the entries that name the `subjects` keep
    their action, date, object type and identifier, and lose the person (see AuditSubject).
    Idempotent (a second call finds nothing more to change). Unless `dry_run`, the entries are
    written and one entry `action` records the rewrite (how many, and the pseudonyms: never
    the names). Returns the ids of the entries (to be) rewritten."""
    _checked(action)
    subjects = list(subjects)
    rewriter = _Rewriter(subjects, frozenset(personal_keys))
    changed = [entry for entry in _candidates(subjects, rewriter) if rewriter.rewrite(entry)]
    if changed and not dry_run:
        _write(changed)
        pseudonyms = sorted({s.pseudonym for s in subjects})
        audit_record(actor=actor, action=action, after={"entries": len(changed), "pseudonyms": pseudonyms})
    return sorted(entry.pk for entry in changed)
