"""Reads for steps 5 to 7: applications whose first invoice is long unpaid."""

from __future__ import annotations

import datetime

from django.conf import settings

from billing.models import Invoice
from members.admissions.models import Application


def overdue_days() -> int:
    return int(getattr(settings, "APPLICATION_OVERDUE_DAYS", 30))


def unpaid_applications(*, today: datetime.date, days: int | None = None) -> list[dict]:
    """Invoiced applications whose first invoice (or the replacement of a cancelled one) is
    overdue by more than `days`, the longest overdue first."""
    days = overdue_days() if days is None else days
    invoiced = (
        Application.objects.filter(status=Application.Status.INVOICED, first_invoice__isnull=False)
        .select_related("organisation", "first_invoice")
        .prefetch_related("contacts")
    )
    standing = {app.first_invoice.latest_replacement().pk: app for app in invoiced}
    overdue = Invoice.objects.filter(pk__in=list(standing)).overdue(today, grace_days=days)
    return [
        {
            "application": standing[invoice.pk],
            "invoice": invoice,
            "days_overdue": (today - invoice.due_date).days,
        }
        for invoice in overdue.order_by("due_date", "id")
    ]
