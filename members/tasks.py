"""Celery tasks for members: load, call a service. Nothing else."""

from celery import shared_task


@shared_task
def board_carry_over_due() -> int:
    """Daily: undecided applications of passed board meetings move to the next meeting."""
    from .review_services import carry_over_due

    return carry_over_due()
