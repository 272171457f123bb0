"""Celery tasks of the joining flow: take ids, call a service. Nothing else."""

from celery import shared_task
from django.utils import timezone

from members.admissions.services import onboarding, privacy, review


@shared_task(name="admissions.tasks.board_carry_over_due")
def board_carry_over_due() -> int:
    """Daily: undecided applications of passed board meetings move to the next meeting."""
    return review.carry_over_due()


@shared_task(name="admissions.tasks.onboarding_step_run", ignore_result=True)
def onboarding_step_run(step_id: int) -> None:
    """One item of the onboarding checklist of an issued membership."""
    onboarding.onboarding_step_run(step_id=step_id)


@shared_task(name="admissions.tasks.onboarding_sweep", ignore_result=True)
def onboarding_sweep(older_than_minutes: int = 2) -> int:
    """Items that were never queued (broker down at the time) run here."""
    return onboarding.onboarding_sweep(older_than_minutes=older_than_minutes)


@shared_task(name="admissions.tasks.privacy_anonymise_due", ignore_result=True)
def privacy_anonymise_due() -> dict:
    """Daily: personal data past its retention period anonymised (docs/privacy.md)."""
    return privacy.personal_data_anonymise_due(today=timezone.localdate())
