"""Celery tasks for invoices: take ids, call a service."""

import datetime

from celery import shared_task
from django.utils import timezone

from billing.services import invoices as invoicing
from billing.services import reminders, renewals


@shared_task(name="billing.tasks.invoice_finalise", ignore_result=True)
def invoice_finalise(invoice_id: int) -> None:
    invoicing.invoice_finalise(invoice_id=invoice_id)


@shared_task(name="billing.tasks.invoice_record_delivery", ignore_result=True)
def invoice_record_delivery(invoice_id: int, message_id: int) -> None:
    invoicing.invoice_record_delivery(invoice_id=invoice_id, message_id=message_id)


@shared_task(name="billing.tasks.invoice_sweep", ignore_result=True)
def invoice_sweep(older_than_minutes: int = 2) -> None:
    invoicing.invoice_sweep(older_than=datetime.timedelta(minutes=older_than_minutes))


@shared_task(name="billing.tasks.renewal_run_execute", ignore_result=True, acks_late=True)
def renewal_run_execute(run_id: int) -> None:
    renewals.renewal_run_execute(run_id=run_id)


@shared_task(name="billing.tasks.reminders_send", ignore_result=True)
def reminders_send() -> None:
    reminders.reminders_send(today=timezone.localdate())
