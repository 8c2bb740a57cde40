"""Thin Celery tasks: ids in, fetch, call a service."""

from celery import shared_task

from . import services


@shared_task
def application_acknowledge(application_id: int):
    services.application_acknowledgment_send(application_id=application_id)


@shared_task
def dossier_change_acknowledge(change_id: int):
    services.dossier_change_acknowledgment_send(change_id=change_id)


@shared_task
def acknowledgments_sweep():
    services.acknowledgments_sweep()
