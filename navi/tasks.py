"""Celery tasks of the Navi: take their input, call a service."""

from celery import shared_task

from navi.services import rounds


@shared_task(name="navi.tasks.rounds_due")
def rounds_due() -> dict:
    """Hourly: rounds opened and closed on their dates (Tokyo), reminders sent, each once."""
    return rounds.rounds_due()
