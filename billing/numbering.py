"""Gapless document numbers per series and fiscal year, taken at issue under a row lock.

The number is taken inside the issuing transaction: if that transaction rolls back, the
counter rolls back with it, so the series never has a gap.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from aiga.audit import audit_chain_lock
from billing.fiscal import fiscal_year
from billing.models import DocumentSequence

INVOICE_SERIES = "invoice"
CREDIT_NOTE_SERIES = "credit_note"
ESTIMATE_SERIES = "estimate"
RECEIPT_SERIES = "receipt"

PREFIXES = {
    INVOICE_SERIES: "AIGA-{fy}-{n:04d}",
    CREDIT_NOTE_SERIES: "AIGA-CN-{fy}-{n:04d}",
    ESTIMATE_SERIES: "AIGA-Q-{fy}-{n:04d}",
    RECEIPT_SERIES: "R-{fy}-{n:05d}",
}


def tokyo_date(moment: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in Asia/Tokyo of an aware moment (now by default)."""
    return timezone.localtime(moment or timezone.now()).date()


def format_number(*, series: str, fy: int, n: int) -> str:
    return PREFIXES[series].format(fy=fy, n=n)


def next_number(*, series: str, on: datetime.date) -> str:
    """Take the next number of `series` in the fiscal year of `on`. Call inside a transaction."""
    if series not in PREFIXES:
        raise ValueError(f"Unknown series {series!r}")
    fy = fiscal_year(on)
    with transaction.atomic():
        # The audit chain's lock before the counter's: every numbered document is audited
        # in the same transaction, and audit_log takes the chain's lock; taken in this order
        # everywhere, a transaction that audited before numbering cannot deadlock with one
        # that numbers and then audits.
        audit_chain_lock()
        # Create the counter row if missing without racing (ON CONFLICT DO NOTHING), then lock it.
        DocumentSequence.objects.bulk_create(
            [DocumentSequence(series=series, fiscal_year=fy, last_number=0)], ignore_conflicts=True
        )
        sequence = DocumentSequence.objects.select_for_update().get(series=series, fiscal_year=fy)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return format_number(series=series, fy=fy, n=sequence.last_number)
