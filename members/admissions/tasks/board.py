"""The board's daily task."""

from celery import shared_task

from members.admissions.services import review


@shared_task(name="admissions.tasks.board_carry_over_due")
def board_carry_over_due() -> int:
    """Daily: undecided applications of passed board meetings move to the next meeting."""
    return review.carry_over_due()
