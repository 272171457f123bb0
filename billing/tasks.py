"""Celery tasks for invoices: take ids, call a service."""

import datetime

from celery import shared_task

from billing.services import invoices as invoicing


@shared_task(name="billing.tasks.invoice_finalise", ignore_result=True)
def invoice_finalise(invoice_id: int) -> None:
    invoicing.invoice_finalise(invoice_id=invoice_id)


@shared_task(name="billing.tasks.invoice_record_delivery", ignore_result=True)
def invoice_record_delivery(invoice_id: int, message_id: int) -> None:
    invoicing.invoice_record_delivery(invoice_id=invoice_id, message_id=message_id)


@shared_task(name="billing.tasks.invoice_sweep", ignore_result=True)
def invoice_sweep(older_than_minutes: int = 2) -> None:
    invoicing.invoice_sweep(older_than=datetime.timedelta(minutes=older_than_minutes))
