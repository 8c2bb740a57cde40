"""Thin Celery tasks: ids in, fetch, call a service."""

from celery import shared_task


@shared_task
def application_acknowledge(application_id: int):
    from .services import application_acknowledgment_send

    application_acknowledgment_send(application_id=application_id)


@shared_task
def acknowledgments_sweep():
    from .services import acknowledgments_sweep as sweep

    sweep()
