"""The association's fiscal year, for every app: 1 October to 30 September, named by the
year it starts in (2025年度 runs from 2025-10-01 to 2026-09-30). Pure: no Django.

billing/fiscal.py builds the halves, labels and fee periods on these; the register uses
them for dates such as a withdrawal's (members may not import billing)."""

from __future__ import annotations

import datetime

FIRST_MONTH = 10  # October


def fiscal_year(d: datetime.date) -> int:
    """The fiscal year a date falls in: 2025-10-01 → 2025, 2026-09-30 → 2025."""
    return d.year if d.month >= FIRST_MONTH else d.year - 1


def fiscal_year_start(fy: int) -> datetime.date:
    return datetime.date(fy, FIRST_MONTH, 1)


def fiscal_year_end(fy: int) -> datetime.date:
    return datetime.date(fy + 1, FIRST_MONTH - 1, 30)
