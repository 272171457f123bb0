import datetime

import pytest

from billing.fiscal import (
    Half,
    fiscal_half,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_start,
    half_end,
    half_start,
    next_half_start,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "year", "half"),
    [
        (D(2025, 9, 30), 2024, Half.SECOND),
        (D(2025, 10, 1), 2025, Half.FIRST),
        (D(2025, 12, 31), 2025, Half.FIRST),
        (D(2026, 1, 1), 2025, Half.FIRST),
        (D(2026, 3, 31), 2025, Half.FIRST),
        (D(2026, 4, 1), 2025, Half.SECOND),
        (D(2026, 9, 30), 2025, Half.SECOND),
        (D(2026, 10, 1), 2026, Half.FIRST),
        (D(2028, 2, 29), 2027, Half.FIRST),
    ],
)
def test_year_and_half(day, year, half):
    assert fiscal_year(day) == year
    assert fiscal_half(day) is half


def test_year_bounds_and_label():
    assert fiscal_year_start(2025) == D(2025, 10, 1)
    assert fiscal_year_end(2025) == D(2026, 9, 30)
    assert fiscal_year_label(2025) == "2025年度"


@pytest.mark.parametrize(
    ("half", "start", "end"),
    [
        (Half.FIRST, D(2025, 10, 1), D(2026, 3, 31)),
        (Half.SECOND, D(2026, 4, 1), D(2026, 9, 30)),
        ("second", D(2026, 4, 1), D(2026, 9, 30)),
    ],
)
def test_half_bounds(half, start, end):
    assert half_start(2025, half) == start
    assert half_end(2025, half) == end
    # Every day in the half maps back to the same year and half.
    assert fiscal_year(start) == fiscal_year(end) == 2025
    assert fiscal_half(start) == fiscal_half(end) == Half(half)


def test_half_is_a_string_enum():
    assert Half.FIRST == "first"
    assert str(Half.SECOND) == "second"


@pytest.mark.parametrize(
    ("day", "next_start"),
    [
        (D(2025, 10, 1), D(2026, 4, 1)),
        (D(2026, 3, 31), D(2026, 4, 1)),
        (D(2026, 4, 1), D(2026, 10, 1)),
        (D(2026, 9, 30), D(2026, 10, 1)),
        (D(2026, 12, 3), D(2027, 4, 1)),
    ],
)
def test_next_half_start(day, next_start):
    assert next_half_start(day) == next_start
