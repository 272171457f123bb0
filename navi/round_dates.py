"""When a round (一斉自己診断) opens, closes and reminds, decided from its dates and the day
(Asia/Tokyo). Pure: "today" and "now" are arguments, so tests never depend on the clock.

A round opens on its opening date and closes at the end of its closing date (both inclusive,
Tokyo). Those who have not submitted are reminded 7 days and 1 day before the close; a beat
that missed a day still sends the reminder it owes, but never one whose day has passed for a
later one (a round opened three days before its close reminds once, with 7, then with 1)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
REMINDER_DAYS = (7, 1)  # days before the closing date


def closing_moment(closes_on: datetime.date) -> datetime.datetime:
    """The end of the closing date in Tokyo (the first moment after it), aware."""
    return datetime.datetime.combine(
        closes_on + datetime.timedelta(days=1), datetime.time(0), TOKYO
    )


def should_open(*, status: str, opens_on: datetime.date, today: datetime.date) -> bool:
    return status == "scheduled" and opens_on <= today


def should_close(*, status: str, closes_on: datetime.date, today: datetime.date) -> bool:
    return status == "open" and closes_on < today


def is_history(*, closes_on: datetime.date, today: datetime.date) -> bool:
    """A round entirely in the past: recorded as history (no e-mails)."""
    return closes_on < today


def reminder_due(*, closes_on: datetime.date, today: datetime.date) -> int | None:
    """The reminder (days before the close) owed today, or None: the latest whose day has
    come, while the round still runs."""
    days_left = (closes_on - today).days
    if days_left < 0:
        return None
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return min(due) if due else None
