"""The association's fiscal year: 1 October to 30 September, named by the year it starts in.

2025年度 runs from 2025-10-01 to 2026-09-30. The first half (上期) is October to March,
the second half (下期) April to September. Every date rule in the project goes through here.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

# The year itself is aiga.fiscal's (the register needs it too); the halves are billing's.
from aiga.fiscal import FIRST_MONTH, fiscal_year, fiscal_year_end, fiscal_year_start

__all__ = [
    "FIRST_MONTH",
    "SECOND_HALF_MONTH",
    "Half",
    "fiscal_year",
    "fiscal_year_start",
    "fiscal_year_end",
    "fiscal_half",
    "half_start",
    "half_end",
    "next_half_start",
    "fiscal_year_label",
    "half_label",
    "half_label_en",
]

SECOND_HALF_MONTH = 4  # April


class Half(StrEnum):
    FIRST = "first"
    SECOND = "second"


def fiscal_half(d: datetime.date) -> Half:
    """October to March is the first half, April to September the second."""
    return Half.SECOND if SECOND_HALF_MONTH <= d.month < FIRST_MONTH else Half.FIRST


def half_start(fy: int, half: Half) -> datetime.date:
    if Half(half) is Half.FIRST:
        return fiscal_year_start(fy)
    return datetime.date(fy + 1, SECOND_HALF_MONTH, 1)


def half_end(fy: int, half: Half) -> datetime.date:
    if Half(half) is Half.FIRST:
        return datetime.date(fy + 1, SECOND_HALF_MONTH - 1, 31)
    return fiscal_year_end(fy)


def next_half_start(d: datetime.date) -> datetime.date:
    """The first day of the half after the one `d` falls in: 2026-12-15 → 2027-04-01,
    2027-05-20 → 2027-10-01."""
    fy = fiscal_year(d)
    if fiscal_half(d) is Half.FIRST:
        return half_start(fy, Half.SECOND)
    return half_start(fy + 1, Half.FIRST)


def fiscal_year_label(fy: int) -> str:
    """2025 → 「2025年度」."""
    return f"{fy}年度"


def half_label(half: Half) -> str:
    """The Japanese name of a half, with its months: 「上期（10月〜翌3月）」."""
    return "上期（10月〜翌3月）" if Half(half) is Half.FIRST else "下期（4月〜9月）"


def half_label_en(half: Half) -> str:
    if Half(half) is Half.FIRST:
        return "first half (October to March)"
    return "second half (April to September)"
