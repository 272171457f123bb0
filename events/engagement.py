"""The engagement report's dates, as pure functions: the default period and "six months
without attending" (a renewal risk)."""

from __future__ import annotations

import calendar
import datetime

RISK_MONTHS = 6


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months to today."""
    return months_before(today, 12), today


def at_risk(
    last_attended: datetime.date | None,
    *,
    today: datetime.date,
    member_since: datetime.date | None = None,
) -> bool:
    """No attendance in the six months to today — for a member of at least six months (one
    that joined since has not had six months to come yet)."""
    six_months_ago = months_before(today, RISK_MONTHS)
    if member_since is not None and member_since > six_months_ago:
        return False
    return last_attended is None or last_attended < six_months_ago
