"""Celery tasks of the register: take their input, call a service."""

from celery import shared_task

from members.services import password_reset


@shared_task(name="members.tasks.password_reset_send", ignore_result=True)
def password_reset_send(email: str) -> None:
    password_reset.password_reset_request(email=email)
