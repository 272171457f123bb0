"""How long records are kept: pure dates, no database.

The accounting books and the important business records (invoices, receipts, payments and
their snapshots) are kept ten years from the closing of the books of their fiscal year
(一般法人法 §120(2)); board minutes ten years from the meeting (§97), general-assembly
minutes ten years (§57). Personal data that is no longer needed (a rejected or withdrawn
application, a former contact) is anonymised PRIVACY_RETENTION_DAYS after it stopped being
needed (docs/privacy.md).
"""

from __future__ import annotations

import datetime

from aiga.fiscal import fiscal_year, fiscal_year_end

ACCOUNTING_YEARS = 10

ANONYMISED = "（匿名化済み）"


class RetentionRequired(Exception):
    """The record must still be kept as it is; it cannot be anonymised or deleted."""


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def accounting_keep_until(record_date: datetime.date) -> datetime.date:
    """The last day an accounting record dated `record_date` must be kept: ten years from the
    end of its fiscal year (the books are closed at the fiscal year's end)."""
    return _add_years(fiscal_year_end(fiscal_year(record_date)), ACCOUNTING_YEARS)


def minutes_keep_until(meeting_date: datetime.date) -> datetime.date:
    return _add_years(meeting_date, ACCOUNTING_YEARS)


def must_keep_accounting(record_date: datetime.date | None, *, today: datetime.date) -> bool:
    return record_date is not None and today <= accounting_keep_until(record_date)


def anonymise_cutoff(*, today: datetime.date, days: int) -> datetime.date:
    """Personal data that stopped being needed on or before this day is anonymised today."""
    return today - datetime.timedelta(days=days)
