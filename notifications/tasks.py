"""Thin Celery tasks: ids in, call a service."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True, acks_late=True)
def outbox_send(message_id: int) -> None:
    services.outbox_deliver(message_id=message_id)


@shared_task(ignore_result=True, acks_late=True)
def outbox_send_batch(message_ids: list[int]) -> None:
    services.outbox_deliver_many(message_ids=message_ids)


@shared_task(ignore_result=True)
def outbox_sweep() -> None:
    services.outbox_sweep()


@shared_task(ignore_result=True)
def milestones_tick() -> None:
    services.milestones_tick()
