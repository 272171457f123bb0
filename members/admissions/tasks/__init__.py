"""Celery tasks of the joining flow: take ids, call a service. Nothing else.

One module per service module, so that each tasks module and the service module that
queues it are the only pair that refer to each other (Celery finds them through here)."""

from members.admissions.tasks import board, onboarding  # noqa: F401
