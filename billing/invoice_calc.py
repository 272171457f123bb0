"""Pure invoice arithmetic: line amounts, tax per rate, due dates. No database, no clock."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import jpholiday

NON_TAXABLE = "non_taxable"
TAXABLE_10 = "taxable_10"

# Tax treatment → rate in percent (None: outside the scope of consumption tax, 不課税).
TAX_RATES: dict[str, int | None] = {NON_TAXABLE: None, TAXABLE_10: 10}


@dataclass(frozen=True)
class RateTotal:
    treatment: str
    rate: int | None  # percent; None for 不課税
    net: int  # total of the lines at this rate, tax excluded
    tax: int  # rounded down once per rate per invoice

    @property
    def gross(self) -> int:
        return self.net + self.tax

    def as_dict(self) -> dict:
        return {"treatment": self.treatment, "rate": self.rate, "net": self.net, "tax": self.tax}


@dataclass(frozen=True)
class Totals:
    rates: tuple[RateTotal, ...]

    @property
    def subtotal(self) -> int:
        return sum(r.net for r in self.rates)

    @property
    def tax(self) -> int:
        return sum(r.tax for r in self.rates)

    @property
    def total(self) -> int:
        return self.subtotal + self.tax

    @property
    def has_taxable(self) -> bool:
        return any(r.rate for r in self.rates)


def _round_down(value_times_100: int) -> int:
    """Tax in yen, rounded toward zero (a credit note's negative tax mirrors the invoice)."""
    sign = -1 if value_times_100 < 0 else 1
    return sign * (abs(value_times_100) // 100)


def compute_totals(lines: Iterable[Mapping]) -> Totals:
    """Sum the lines per tax treatment and compute the tax once per rate (適格請求書の端数処理)."""
    nets: dict[str, int] = {}
    for line in lines:
        treatment = line["tax_treatment"]
        if treatment not in TAX_RATES:
            raise ValueError(f"Unknown tax treatment {treatment!r}")
        nets[treatment] = nets.get(treatment, 0) + int(line["quantity"]) * int(line["unit_price"])
    rates = []
    for treatment, rate in TAX_RATES.items():
        if treatment not in nets:
            continue
        net = nets[treatment]
        tax = _round_down(net * rate) if rate else 0
        rates.append(RateTotal(treatment=treatment, rate=rate, net=net, tax=tax))
    return Totals(rates=tuple(rates))


def is_business_day(d: datetime.date) -> bool:
    """Not a weekend, not a Japanese public holiday, not the year-end break (31 Dec – 3 Jan)."""
    if d.weekday() >= 5:
        return False
    if jpholiday.is_holiday(d):
        return False
    if (d.month == 12 and d.day == 31) or (d.month == 1 and d.day <= 3):
        return False
    return True


def previous_business_day(d: datetime.date) -> datetime.date:
    """The day itself if it is a business day, else the closest business day before it."""
    while not is_business_day(d):
        d -= datetime.timedelta(days=1)
    return d


def end_of_next_month(d: datetime.date) -> datetime.date:
    year, month = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def due_date_for(*, issue_date: datetime.date, terms: str, days: int = 30) -> datetime.date:
    """翌月末 (terms="next_month_end") or issue date + N days, moved back to a business day."""
    if terms == "days":
        raw = issue_date + datetime.timedelta(days=days)
    else:
        raw = end_of_next_month(issue_date)
    # A very short term could move the due date before the issue date: never earlier than issue.
    return max(previous_business_day(raw), issue_date)
