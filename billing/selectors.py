"""Reads for billing: the fee schedule, a quote with the right admission date, the
member's own invoices, and the accountant's journal."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from billing import journal
from billing.fees import (
    TIERS,
    FeeQuote,
    NoScheduleError,
    ScheduleEntry,
    calculate_fee,
    schedule_in_force,
)
from billing.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start, next_half_start
from billing.models import FeeSchedule, Invoice, InvoiceLine, LegacyInvoice, Payment
from members.scoping import scope_to_organisation
from members.selectors.meetings import next_board_meeting_date


def fee_schedule() -> list[ScheduleEntry]:
    """Every schedule row, as the pure function's entries."""
    return [
        ScheduleEntry(
            tier=row.tier,
            effective_from=row.effective_from,
            admission_fee=row.admission_fee,
            annual_fee_first_half=row.annual_fee_first_half,
            annual_fee_second_half=row.annual_fee_second_half,
        )
        for row in FeeSchedule.objects.order_by("effective_from", "tier")
    ]


def schedule_by_tier(*, on: datetime.date) -> dict[str, ScheduleEntry | None]:
    """Per tier, the schedule entry in force on the date (None before any schedule)."""
    entries = fee_schedule()
    rows: dict[str, ScheduleEntry | None] = {}
    for tier in TIERS:
        try:
            rows[tier] = schedule_in_force(tier=tier, on=on, schedule=entries)
        except NoScheduleError:
            rows[tier] = None
    return rows


def admission_date_for_quote(
    *, admission_date: datetime.date | None = None, today: datetime.date | None = None
) -> tuple[datetime.date, str]:
    """The date a quote uses and why: given, else the next board meeting, else today."""
    if admission_date is not None:
        return admission_date, "given"
    today = today or timezone.localdate()
    meeting = next_board_meeting_date(today)
    if meeting is not None:
        return meeting, "board_meeting"
    return today, "today"


def quote_for(
    *,
    category: str,
    capital: int | None = None,
    parent_ratio: Decimal | None = None,
    capital_kind: str = "plain",
    admission_date: datetime.date | None = None,
    manual_tier: str | None = None,
    today: datetime.date | None = None,
) -> FeeQuote:
    """A quote against the schedule in the database. Raises NoScheduleError or ValueError."""
    on, basis = admission_date_for_quote(admission_date=admission_date, today=today)
    return calculate_fee(
        category=category,
        capital=capital,
        parent_ratio=parent_ratio,
        admission_date=on,
        schedule=fee_schedule(),
        capital_kind=capital_kind,
        manual_tier=manual_tier,
        date_basis=basis,
    )


def quote_alternatives(
    *,
    category: str,
    capital: int | None = None,
    parent_ratio: Decimal | None = None,
    capital_kind: str = "plain",
    manual_tier: str | None = None,
    today: datetime.date | None = None,
) -> tuple[FeeQuote, FeeQuote]:
    """Quotes for an admission date nobody knows yet: the half of the earliest possible
    date (the next board meeting, else today) and the half after it, since the date the
    board approves an application decides which one applies."""
    earliest, _ = admission_date_for_quote(today=today)
    schedule = fee_schedule()
    return tuple(
        calculate_fee(
            category=category,
            capital=capital,
            parent_ratio=parent_ratio,
            admission_date=day,
            schedule=schedule,
            capital_kind=capital_kind,
            manual_tier=manual_tier,
            date_basis="uncertain",
        )
        for day in (earliest, next_half_start(earliest))
    )


def estimate_quotes(
    *,
    category: str,
    capital: int | None = None,
    parent_ratio: Decimal | None = None,
    capital_kind: str = "plain",
    admission_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[FeeQuote]:
    """What an estimate prices: the admission date given, or without one (nobody knows
    when the board will approve) both halves."""
    figures = {
        "category": category,
        "capital": capital,
        "parent_ratio": parent_ratio,
        "capital_kind": capital_kind,
        "today": today,
    }
    if admission_date is not None:
        return [quote_for(**figures, admission_date=admission_date)]
    return list(quote_alternatives(**figures))


def member_invoices(user) -> QuerySet[Invoice]:
    """The issued invoices and credit notes of the user's own organisation whose PDF is
    stored, newest first. Users without an organisation get 403 (scoping)."""
    issued = Invoice.objects.exclude(status=Invoice.Status.DRAFT).exclude(pdf="")
    return scope_to_organisation(issued, user).order_by("-issue_date", "-number")


def journal_lines(
    *, start: datetime.date, end: datetime.date, accounts: dict[str, str]
) -> list[journal.JournalLine]:
    """The accountant's journal of [start, end] (billing.journal), from the documents issued
    in it (and the earlier ones whose advance falls due in it) and the payments in it."""
    from_date = start - datetime.timedelta(days=800)  # an advance is at most a year ahead
    documents = (
        Invoice.objects.exclude(status=Invoice.Status.DRAFT)
        .filter(issue_date__gte=from_date, issue_date__lte=end)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("position", "id")),
            Prefetch(
                "credit_notes",
                queryset=Invoice.objects.exclude(status=Invoice.Status.DRAFT).order_by("id"),
            ),
        )
        .order_by("issue_date", "id")
    )
    rows = [
        journal.Document(
            number=doc.number,
            is_credit_note=doc.is_credit_note,
            issue_date=doc.issue_date,
            counterparty=doc.organisation.legal_name,
            subject=doc.subject,
            lines=tuple(
                journal.DocumentLine(
                    description=line.description,
                    amount=line.quantity * line.unit_price,
                    taxable=line.tax_treatment != InvoiceLine.TaxTreatment.NON_TAXABLE,
                )
                for line in doc.lines.all()
            ),
            tax=doc.tax_total,
            total=doc.total,
            cancelled_on=min((c.issue_date for c in doc.credit_notes.all()), default=None),
        )
        for doc in documents
    ]
    payments = [
        journal.PaymentRow(
            paid_on=p.paid_on,
            amount=p.amount,
            is_transfer_fee=p.method == Payment.Method.TRANSFER_FEE,
            invoice_number=p.invoice.number,
            counterparty=p.invoice.organisation.legal_name,
            payer_name=p.payer_name,
        )
        for p in Payment.objects.filter(paid_on__gte=start, paid_on__lte=end)
        .select_related("invoice", "invoice__organisation")
        .order_by("paid_on", "id")
    ]
    return journal.journal(
        documents=rows,
        payments=payments,
        start=start,
        end=end,
        accounts=accounts,
        fiscal_year=fiscal_year,
    )


def fiscal_year_fees(fy: int) -> dict:
    """The fees of fiscal year `fy` (October–September, by issue date): invoiced (issued
    invoices, not cancelled, no credit notes), paid (the payments on them) and outstanding;
    and the invoices paid before this system (legacy, outside the series). Yen."""
    invoices = Invoice.objects.invoices().filter(
        status__in=[Invoice.Status.ISSUED, Invoice.Status.PAID],
        issue_date__gte=fiscal_year_start(fy),
        issue_date__lte=fiscal_year_end(fy),
    )
    totals = invoices.aggregate(total=Sum("total"), n=Count("id"))
    invoiced = int(totals["total"] or 0)
    paid = int(Payment.objects.filter(invoice__in=invoices).aggregate(s=Sum("amount"))["s"] or 0)
    legacy = LegacyInvoice.objects.filter(fiscal_year=fy).aggregate(
        total=Sum("total"), n=Count("id")
    )
    return {
        "fiscal_year": fy,
        "start": fiscal_year_start(fy),
        "end": fiscal_year_end(fy),
        "invoice_count": totals["n"],
        "invoiced": invoiced,
        "paid": paid,
        "outstanding": invoiced - paid,
        "legacy_count": legacy["n"],
        "legacy_total": int(legacy["total"] or 0),
    }
