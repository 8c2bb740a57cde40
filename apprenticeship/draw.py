"""The complementary list's rule as pure functions (R-ADMIT-5, DESIGN.md "Replayable draws").

A draw reads the database once, into `inputs` (a plain dict: candidates and their criterion
values, capacity, vacant places, rule version, tie-break seed), then `replay(inputs)` orders
the candidates and keeps the first ones within capacity. The service stores `inputs`, its
digest and the list: an auditor replays the stored inputs and must find the same list.

The criterion is pluggable: `register_draw_criterion(key, label=, values=fn(wish_ids) ->
{wish_id: number | None}, descending=)`. The default is the admissibility ranking when an
app has registered "admissibility_rank" (the selection app's deliberation), the file-review
jury score (`jury.WishScore.combined`) until then.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from notifications.milestones import add_months

# Bump when `replay` changes; older draws are replayed with the rule they were drawn by.
RULE_VERSION = "1"
CONTRACT_MONTHS = 3  # R-ADMIT-6
ADMISSIBILITY_RANK = "admissibility_rank"
FILE_REVIEW_SCORE = "file_review_score"


@dataclass(frozen=True)
class DrawCriterion:
    key: str
    label: str
    values: Callable[[list[int]], dict[int, object]]
    descending: bool  # True: the highest value first (a score); False: a rank, 1 first


_CRITERIA: dict[str, DrawCriterion] = {}


def register_draw_criterion(key: str, *, label, values: Callable, descending: bool) -> None:
    _CRITERIA[key] = DrawCriterion(key=key, label=label, values=values, descending=descending)


def criteria() -> list[DrawCriterion]:
    return list(_CRITERIA.values())


def default_criterion_key() -> str:
    return ADMISSIBILITY_RANK if ADMISSIBILITY_RANK in _CRITERIA else FILE_REVIEW_SCORE


def criterion_for(key: str) -> DrawCriterion:
    """The criterion named by an intake's setting (blank: the default)."""
    return _CRITERIA[key or default_criterion_key()]


def _value(value) -> str | None:
    """Criterion values are frozen as strings of decimals: exact, and JSON never rounds them."""
    return None if value is None else str(Decimal(value))


def freeze_inputs(
    *, candidates: dict[int, object], capacity: int, vacant_places: int, criterion: DrawCriterion, seed: str
) -> dict:
    return {
        "rule_version": RULE_VERSION,
        "criterion": criterion.key,
        "descending": criterion.descending,
        "capacity": capacity,
        "vacant_places": vacant_places,
        "seed": seed,
        "candidates": [
            {"wish": wish_id, "value": _value(candidates[wish_id])} for wish_id in sorted(candidates)
        ],
    }


def inputs_digest(inputs: dict) -> str:
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def tie_break(seed: str, wish_id: int) -> str:
    """Equal values (or none) are ordered by a hash of the seed and the wish: fixed by the
    seed drawn once, unknown to anyone before the draw."""
    return hashlib.sha256(f"{seed}:{wish_id}".encode()).hexdigest()


def _replay_v1(inputs: dict) -> list[int]:
    descending = inputs["descending"]

    def key(candidate):
        value = candidate["value"]
        if value is None:
            return (1, Decimal(0), tie_break(inputs["seed"], candidate["wish"]))
        number = Decimal(value)
        return (0, -number if descending else number, tie_break(inputs["seed"], candidate["wish"]))

    ordered = sorted(inputs["candidates"], key=key)
    size = min(inputs["capacity"], len(ordered))
    return [candidate["wish"] for candidate in ordered[:size]]


_RULES = {"1": _replay_v1}


class UnknownRuleVersion(ValueError):
    pass


def replay(inputs: dict) -> list[int]:
    """The list the rule gives for these inputs: wish ids, best first."""
    try:
        rule = _RULES[inputs["rule_version"]]
    except KeyError:
        raise UnknownRuleVersion(inputs.get("rule_version")) from None
    return rule(inputs)


def is_eligible(*, vacant_places: int, searching: int) -> bool:
    """R-ADMIT-5: places not all filled, and more admissible candidates still searching a
    company than vacant places."""
    return vacant_places > 0 and searching > vacant_places


def contract_deadline(classes_start_on: datetime.date | None) -> datetime.date | None:
    """R-ADMIT-6: the last day a trainee may sign, 3 months from the start of classes."""
    return add_months(classes_start_on, CONTRACT_MONTHS) if classes_start_on else None
