"""Thin Celery tasks: ids in, call a service."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True, acks_late=True)
def take_assemble_task(take_id: int) -> None:
    services.take_assemble(take_id=take_id)


@shared_task(ignore_result=True)
def recordings_purge_nightly() -> None:
    services.recordings_purge_nightly()
