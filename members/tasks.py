"""Celery tasks of the register: take their input, call a service."""

from celery import shared_task

from members.services import password_reset, withdrawals


@shared_task(name="members.tasks.password_reset_send", ignore_result=True)
def password_reset_send(email: str) -> None:
    password_reset.password_reset_request(email=email)


@shared_task(name="members.tasks.withdrawals_complete_due")
def withdrawals_complete_due() -> int:
    """Hourly: confirmed withdrawals whose effective date (Tokyo) has come are completed."""
    return withdrawals.withdrawals_complete_due()
