"""Thin Celery tasks: call a service.

Why a beat task and not milestones: a milestone runs once per session on a date of the
session's calendar (`Campaign.<date_field>`), but the reminders follow the training days'
own dates (many per session, created and moved by the CFA), and the places digest repeats
every N days between two calendar dates. Both are asked of an hourly beat task
(`company_search_tick`, registered in the migration 0002_beat_schedule) that works out what
is due *now* and queues it with an idempotency key (reminder: the registration; digest: the
dossier and the period's number): a tick that runs twice, late, or after a restart sends
nothing twice and misses nothing, and no far-future ETA sits in the broker. Hourly rather
than daily: a candidate who registers on the eve of a day is still reminded. The invitation,
tied to one calendar date (company_search_start_on), is a milestone (apps.py)."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def company_search_tick() -> None:
    services.support_tick()
