"""Personal data: the registries every app fills in its AppConfig.ready() (DESIGN.md, Retention).

Two registries, in core so that any app, at any floor, can declare the personal data it
holds without importing the `privacy` app (the top floor, which applies them):

1. **Retention categories** (`register_retention_category`). A category is a kind of
   personal data with one life span: "dossiers of candidates not admitted", "video
   recordings", "outbox e-mails". It declares the *anchors* its duration may be counted from,
   the actions it supports and a purge function. The admin writes one rule per category
   (privacy.RetentionRule: anchor + duration + action); the nightly purge computes each
   rule's date and calls the purge function.

   Two kinds of anchors:
   - a *session* anchor is a date of the session's calendar (the start of classes, the end
     of the session…): the rule's date is that date + the duration, per session; the purge
     function is called with that `campaign` once the date has come;
   - a *record* anchor is a date on each record (its creation, the account's last login):
     the purge function is called with `campaign=None` and `cutoff = now - duration`, and
     takes the records whose own date is before the cutoff.

   The purge function:
       purge(*, campaign, cutoff, action, dry_run, night: PurgeNight) -> PurgeResult
   `night.held_applications` are dossiers under a hold (a dispute): never touch them, nor
   their candidate's account (`night.held_users`). With `dry_run=True` it changes nothing
   and returns exactly the counts (and the default-storage keys of the files) the real run
   would; `night.mark(label, ids)` / `night.gone(label)` let the categories of one night
   know what an earlier one already took (so that the dry run counts nothing twice). The
   runner deletes the returned files from the storage once the database has committed. It
   must be idempotent: once purged, the data is no longer found, so a second run counts 0.

2. **Personal data** (`register_personal_data`): every model holding data about a candidate
   says how the complete data download (R-DATA-1) covers it: exported through its path to
   the account (`owner="application__candidate"`), with an optional custom `export`, or
   excluded with a reason. tests/privacy/test_export.py fails when a model with a foreign-key
   path to the User or the Application is in neither list.
"""

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# --- anchors ------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    code: str
    label: str
    # Session anchors: the campaign's date (None when the session does not have it yet).
    date: Callable | None = None

    @property
    def per_session(self) -> bool:
        return self.date is not None


def _session_end(campaign):
    """The session's last step: the complementary-list trainees leave 3 months after the start
    of classes (R-ADMIT-6); unknown until the admin sets the start of classes."""
    start = campaign.classes_start_on
    if start is None:
        return None
    return add_months(start, 3)


def _campaign_date(name):
    return lambda campaign: getattr(campaign, name, None)


ANCHORS: dict[str, Anchor] = {
    anchor.code: anchor
    for anchor in (
        Anchor(
            "submission_deadline",
            _("submission deadline of the session"),
            _campaign_date("submission_deadline"),
        ),
        Anchor(
            "admissibility_results",
            _("admissibility results of the session"),
            _campaign_date("admissibility_results_on"),
        ),
        Anchor("classes_start", _("start of classes of the session"), _campaign_date("classes_start_on")),
        Anchor("session_end", _("end of the session (start of classes + 3 months)"), _session_end),
        Anchor("record_date", _("date of the record")),
        Anchor("last_login", _("last login (or sign-up when never logged in)")),
    )
}
SESSION_ANCHORS = tuple(code for code, anchor in ANCHORS.items() if anchor.per_session)
RECORD_ANCHORS = tuple(code for code, anchor in ANCHORS.items() if not anchor.per_session)

DELETE = "delete"
ANONYMISE = "anonymise"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` + `months` calendar months (the 31st becomes the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- retention categories --------------------------------------------------------------

_COUNTED: dict[str, object] = {}


def counted_kind(key: str, text) -> str:
    """A kind of row a purge counts (`PurgeResult.add(kind, n)`): `key`, the English plural
    kept in the purge runs' counts and audit entries, and `text`, a number of them in the
    reader's language, `ngettext_lazy("%(n)s dossier", "%(n)s dossiers", "n")`. Returns `key`."""
    _COUNTED[key] = text
    return key


def count_display(kind: str, n: int) -> str:
    """`n` rows of `kind` in the active language, singular or plural ("1 dossier")."""
    text = _COUNTED.get(kind)
    if text is None:  # a kind no app declares any more (the counts of an old run)
        return f"{n} {gettext(kind)}"
    return text % {"n": n}


@dataclass
class PurgeResult:
    """What a purge did (or, dry, would do): counts per kind of row, and the storage keys of
    the files deleted. Counts only: never the content."""

    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def add(self, kind: str, n: int) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n

    def merge(self, other: "PurgeResult") -> None:
        for kind, n in other.counts.items():
            self.add(kind, n)
        self.files.extend(other.files)

    @property
    def empty(self) -> bool:
        return not self.counts and not self.files


@dataclass
class PurgeNight:
    """What one night's purge shares between its categories."""

    night: dt.date
    dry_run: bool
    held_applications: frozenset = frozenset()
    held_users: frozenset = frozenset()
    _gone: dict[str, set] = field(default_factory=dict)

    def mark(self, label: str, ids) -> None:
        self._gone.setdefault(label, set()).update(ids)

    def gone(self, label: str) -> frozenset:
        """A snapshot: a query built with it does not change when more is marked later."""
        return frozenset(self._gone.get(label, ()))


@dataclass(frozen=True)
class RuleDefault:
    """The rule the demo session ships (admissions.demo), with the reason shown to the admin."""

    anchor: str
    duration: int
    unit: str  # "days" | "months"
    action: str
    reason: str


@dataclass(frozen=True)
class RetentionCategory:
    code: str
    label: str
    anchors: tuple[str, ...]
    actions: tuple[str, ...]
    purge: Callable[..., PurgeResult]
    purpose: str  # why the data is held (privacy notice, register of processing)
    recipients: str = ""  # who receives it besides the school's staff (R-TEST-6)
    default: RuleDefault | None = None
    order: int = 100


_CATEGORIES: dict[str, RetentionCategory] = {}


def register_retention_category(
    code: str,
    *,
    label: str,
    anchors: tuple[str, ...],
    purge: Callable[..., PurgeResult],
    purpose: str,
    actions: tuple[str, ...] = (DELETE,),
    recipients: str = "",
    default: RuleDefault | None = None,
    order: int = 100,
) -> None:
    unknown = set(anchors) - set(ANCHORS)
    if unknown:
        raise ValueError(f"Unknown retention anchors for {code}: {sorted(unknown)}")
    if set(actions) - {DELETE, ANONYMISE}:
        raise ValueError(f"Unknown retention actions for {code}: {actions}")
    if default and (default.anchor not in anchors or default.action not in actions):
        raise ValueError(f"The default rule of {code} uses an anchor or action it does not accept.")
    _CATEGORIES[code] = RetentionCategory(
        code=code,
        label=label,
        anchors=tuple(anchors),
        actions=tuple(actions),
        purge=purge,
        purpose=purpose,
        recipients=recipients,
        default=default,
        order=order,
    )


def retention_category(code: str) -> RetentionCategory:
    try:
        return _CATEGORIES[code]
    except KeyError:
        raise LookupError(f"No retention category registered under {code!r}.") from None


def retention_categories() -> list[RetentionCategory]:
    return sorted(_CATEGORIES.values(), key=lambda c: (c.order, c.code))


# The privacy app registers the writer of the default rules; admissions.demo calls it.
_DEFAULTS_LOADER: list[Callable[[], int]] = []


def register_default_rules_loader(loader: Callable[[], int]) -> None:
    _DEFAULTS_LOADER[:] = [loader]


def load_default_rules() -> int:
    """Write the default rule of every category that has none yet (rerunnable)."""
    return sum(loader() for loader in _DEFAULTS_LOADER)


# --- personal data (the complete data download) ----------------------------------------


@dataclass(frozen=True)
class PersonalData:
    model: str  # "app_label.ModelName"
    owner: str = ""  # ORM path from the model to the candidate's User ("" for the User itself)
    exclude_fields: tuple[str, ...] = ()  # never exported (confidential: referees' answers)
    files: tuple[str, ...] = ()  # FileFields whose files go into the zip
    export: Callable | None = None  # (user) -> list[dict], instead of the generic rows
    excluded: str = ""  # a reason: the model is deliberately left out of the download


_PERSONAL_DATA: dict[str, PersonalData] = {}


def register_personal_data(model: str, **options) -> None:
    """Declare how the data download covers `model` ("app_label.ModelName"): exported
    through `owner` (with `exclude_fields`, `files`, or a custom `export(user)`), or
    `excluded="reason"`."""
    entry = PersonalData(model=model, **options)
    if bool(entry.excluded) == bool(entry.owner or entry.export or model.lower() == "accounts.user"):
        raise ValueError(f"{model}: give either an owner/export or a reason for excluding it.")
    _PERSONAL_DATA[model.lower()] = entry


def personal_data() -> list[PersonalData]:
    return list(_PERSONAL_DATA.values())
