"""Thin Celery tasks: ids in, call a service."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def purge_nightly() -> None:
    """The nightly purge (beat entry "privacy: nightly purge", 02:30 Paris, migration 0002).

    Not a milestone: a milestone runs once per session on one date of its calendar, while
    the purge applies every rule to every session and to record-dated data (e-mails, login
    history), each night. Inside the run each session-anchored rule still computes its date
    from the session's calendar, like a milestone, and the run is recorded once per night
    (PurgeRun), so a second tick the same night does nothing."""
    services.purge_nightly()


@shared_task(ignore_result=True, acks_late=True)
def export_prepare(export_id: int) -> None:
    services.export_prepare(export_id=export_id)
