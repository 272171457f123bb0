"""Reads for steps 5 to 7: applications whose first invoice is long unpaid."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aiga.health import Failure
from billing.models import Invoice
from members.admissions.models import Application, OnboardingStep


def overdue_days() -> int:
    return int(getattr(settings, "APPLICATION_OVERDUE_DAYS", 30))


def _standing_invoices(first_invoice_ids: dict[int, int]) -> dict[int, int]:
    """application id → the invoice that stands for its first one now: the first invoice,
    or once cancelled, its latest replacement (one query per level of replacement, not per
    application)."""
    standing = dict(first_invoice_ids)
    cancelled = set(
        Invoice.objects.filter(
            pk__in=standing.values(), status=Invoice.Status.CANCELLED
        ).values_list("pk", flat=True)
    )
    seen = set(standing.values())
    while cancelled:
        latest: dict[int, tuple[int, str]] = {}
        for pk, replaces, status in Invoice.objects.filter(replaces_id__in=cancelled).values_list(
            "pk", "replaces_id", "status"
        ):
            if replaces not in latest or pk > latest[replaces][0]:
                latest[replaces] = (pk, status)
        next_cancelled = set()
        for app_id, invoice_id in standing.items():
            if invoice_id in cancelled and invoice_id in latest:
                replacement, status = latest[invoice_id]
                if replacement in seen:
                    continue
                seen.add(replacement)
                standing[app_id] = replacement
                if status == Invoice.Status.CANCELLED:
                    next_cancelled.add(replacement)
        cancelled = next_cancelled
    return standing


def unpaid_applications(*, today: datetime.date, days: int | None = None) -> list[dict]:
    """Invoiced applications whose first invoice (or the replacement of a cancelled one) is
    overdue by more than `days`, the longest overdue first. Only the overdue ones are loaded,
    in a fixed number of queries however many applications are invoiced."""
    days = overdue_days() if days is None else days
    first = dict(
        Application.objects.filter(
            status=Application.Status.INVOICED, first_invoice__isnull=False
        ).values_list("pk", "first_invoice_id")
    )
    standing = _standing_invoices(first)
    overdue = list(
        Invoice.objects.filter(pk__in=set(standing.values()))
        .overdue(today, grace_days=days)
        .order_by("due_date", "id")
    )
    by_invoice = {invoice_id: app_id for app_id, invoice_id in standing.items()}
    applications = Application.objects.in_bulk([by_invoice[invoice.pk] for invoice in overdue])
    prefetch_related_objects(list(applications.values()), "contacts")
    return [
        {
            "application": applications[by_invoice[invoice.pk]],
            "invoice": invoice,
            "days_overdue": (today - invoice.due_date).days,
        }
        for invoice in overdue
    ]


def onboarding_failures() -> list[Failure]:
    """Failed onboarding steps, for the admin's index and the secretariat's e-mail
    (aiga.health)."""
    steps = (
        OnboardingStep.objects.filter(status=OnboardingStep.Status.FAILED)
        .select_related("organisation")
        .order_by("-updated_at")[:50]
    )
    return [
        Failure(
            key=f"onboarding:{step.pk}",
            kind=_("入会後の手続の失敗"),
            detail=f"{step.organisation} / {step.get_kind_display()}",
            url=reverse("admin:admissions_onboardingstep_change", args=[step.pk]),
        )
        for step in steps
    ]
