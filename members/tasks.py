"""Celery tasks for members: load, call a service. Nothing else."""

from celery import shared_task


@shared_task
def board_carry_over_due() -> int:
    """Daily: undecided applications of passed board meetings move to the next meeting."""
    from members.review_services import carry_over_due

    return carry_over_due()


@shared_task(name="members.tasks.onboarding_step_run", ignore_result=True)
def onboarding_step_run(step_id: int) -> None:
    """One item of the onboarding checklist of an issued membership."""
    from members.onboarding_services import onboarding_step_run as run

    run(step_id=step_id)


@shared_task(name="members.tasks.onboarding_sweep", ignore_result=True)
def onboarding_sweep(older_than_minutes: int = 2) -> int:
    """Items that were never queued (broker down at the time) run here."""
    from members.onboarding_services import onboarding_sweep as sweep

    return sweep(older_than_minutes=older_than_minutes)
