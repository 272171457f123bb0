"""When the board meets: working days, and the demo's meeting dates. Pure: every date is an
argument ("today" included), the holidays come from the `jpholiday` library."""

from __future__ import annotations

import datetime

import jpholiday

MEETING_DAY = 15  # the brochure: the board meets around the middle of each month (毎月中旬頃)


def is_year_end_closure(day: datetime.date) -> bool:
    """29 December to 3 January, when the office is closed (年末年始)."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_working_day(day: datetime.date) -> bool:
    """Not a Saturday or Sunday, not a Japanese public holiday, not the year-end closure."""
    return day.weekday() < 5 and not jpholiday.is_holiday(day) and not is_year_end_closure(day)


def working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def monthly_meeting_date(year: int, month: int) -> datetime.date:
    """The 15th of the month, or the first working day after it."""
    return working_day_on_or_after(datetime.date(year, month, MEETING_DAY))


def next_monthly_meeting_dates(today: datetime.date, count: int) -> list[datetime.date]:
    """The next `count` monthly meeting dates after today (this month's, if still to come)."""
    dates = []
    year, month = today.year, today.month
    while len(dates) < count:
        day = monthly_meeting_date(year, month)
        if day > today:
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day` (5 before Tue 15 December 2026 is
    Tue 8 December)."""
    for _ in range(count):
        day = working_day_on_or_before(day - datetime.timedelta(days=1))
    return day
