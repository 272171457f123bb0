"""Reads for steps 5 to 7: the public members' list and applications long unpaid."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import QuerySet

from members.applications import Application
from members.onboarding import MemberListing


def overdue_days() -> int:
    return int(getattr(settings, "APPLICATION_OVERDUE_DAYS", 30))


def public_listings() -> QuerySet[MemberListing]:
    """Members who consented to be listed, with a membership that has not ended."""
    return (
        MemberListing.objects.filter(is_listed=True, organisation__memberships__status="active")
        .select_related("organisation")
        .distinct()
        .order_by("organisation__legal_name_kana", "display_name")
    )


def unpaid_applications(*, today: datetime.date, days: int | None = None) -> list[dict]:
    """Invoiced applications whose first invoice is past its due date by more than `days`."""
    from billing.models import Invoice

    days = overdue_days() if days is None else days
    applications = {
        f"application:{a.pk}": a
        for a in Application.objects.filter(status=Application.Status.INVOICED)
        .select_related("organisation")
        .prefetch_related("contacts")
    }
    if not applications:
        return []
    invoices = Invoice.objects.filter(
        source_key__in=list(applications),
        status=Invoice.Status.ISSUED,
        due_date__lt=today - datetime.timedelta(days=days),
    ).order_by("due_date")
    return [
        {
            "application": applications[invoice.source_key],
            "invoice": invoice,
            "days_overdue": (today - invoice.due_date).days,
        }
        for invoice in invoices
    ]
