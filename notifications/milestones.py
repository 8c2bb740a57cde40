"""Calendar-driven automatic steps.

Apps register their actions in AppConfig.ready() with `register_milestone_action`. The beat
tick (`notifications.tasks.milestones_tick`, every minute) runs each due action once per
campaign and records it in `MilestoneRun`; see `services.milestone_run`.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from admissions.models import Campaign

PARIS = ZoneInfo("Europe/Paris")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole calendar months, on the same day of the month (the last day of
    the month when it has fewer days: 31 August + 3 months = 30 November)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class MilestoneAction:
    key: str
    label: str
    date_field: str
    run: Callable  # (campaign) -> number of e-mails queued
    offset_days: int = 0
    at: datetime.time = datetime.time(0, 0)
    # Calendar months, applied before offset_days ("3 months from the start of classes").
    offset_months: int = 0

    def due_at(self, campaign) -> datetime.datetime | None:
        """(campaign.<date_field> + offset_months + offset_days) at `at`, Europe/Paris; None
        when the date is unset."""
        day = getattr(campaign, self.date_field, None)
        if day is None:
            return None
        day = add_months(day, self.offset_months)
        return datetime.datetime.combine(
            day + datetime.timedelta(days=self.offset_days), self.at, tzinfo=PARIS
        )


_ACTIONS: dict[str, MilestoneAction] = {}


def register_milestone_action(
    key: str,
    *,
    label: str,
    date_field: str,
    run: Callable,
    offset_days: int = 0,
    at: datetime.time = datetime.time(0, 0),
    offset_months: int = 0,
) -> None:
    Campaign._meta.get_field(date_field)  # fails early on a typo
    _ACTIONS[key] = MilestoneAction(
        key=key,
        label=label,
        date_field=date_field,
        run=run,
        offset_days=offset_days,
        at=at,
        offset_months=offset_months,
    )


def get_action(key: str) -> MilestoneAction:
    try:
        return _ACTIONS[key]
    except KeyError:
        raise LookupError(f"No milestone action registered under {key!r}.") from None


def all_actions() -> list[MilestoneAction]:
    return list(_ACTIONS.values())


def actions_for(campaign) -> list[tuple[MilestoneAction, datetime.datetime | None]]:
    """Every action with its due date for `campaign`, in calendar order (unset dates last)."""
    far = datetime.datetime.max.replace(tzinfo=PARIS)
    rows = [(action, action.due_at(campaign)) for action in _ACTIONS.values()]
    return sorted(rows, key=lambda row: (row[1] or far, row[0].key))
