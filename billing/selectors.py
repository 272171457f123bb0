"""Reads for fees: the schedule from the database, and a quote with the right admission date."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from billing.fees import (
    TIERS,
    FeeQuote,
    NoScheduleError,
    ScheduleEntry,
    calculate_fee,
    schedule_in_force,
)
from billing.models import FeeSchedule


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


def _next_board_meeting(after: datetime.date) -> datetime.date | None:
    """The applications code records board meetings; until it does, there is none."""
    try:
        from members.selectors import next_board_meeting_date
    except (ImportError, AttributeError):
        return None
    return next_board_meeting_date(after)


def admission_date_for_quote(
    *, admission_date: datetime.date | None = None, today: datetime.date | None = None
) -> tuple[datetime.date, str]:
    """The date a quote uses and why: given, else the next board meeting, else today."""
    if admission_date is not None:
        return admission_date, "given"
    today = today or timezone.localdate()
    meeting = _next_board_meeting(today)
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
