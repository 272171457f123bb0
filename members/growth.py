"""The number of members month by month since the association's incorporation (2024-10):
joins, withdrawals, net growth and the members at each month's end, and the chart of it as
SVG markup drawn on the server (like navi/radar.py). Pure: memberships and "today" in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INCORPORATION = datetime.date(2024, 10, 1)


@dataclass(frozen=True)
class Span:
    """An issued membership: from its admission date to its last day (None: not ended)."""

    admitted: datetime.date
    ended: datetime.date | None


@dataclass(frozen=True)
class Month:
    start: datetime.date
    joins: int
    withdrawals: int
    members: int  # at the month's end (after that month's withdrawals)

    @property
    def net(self) -> int:
        return self.joins - self.withdrawals

    @property
    def next_start(self) -> datetime.date:
        return _next_month(self.start)

    @property
    def label(self) -> str:
        return f"{self.start.year}/{self.start.month:02d}"


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def monthly_growth(
    spans: Iterable[Span], *, today: datetime.date, start: datetime.date = INCORPORATION
) -> list[Month]:
    """One row per month from `start` to today's month. A join counts in the month of its
    admission date, a withdrawal in the month of its last day; the members at a month's end
    are those admitted by then and not ended by then."""
    spans = list(spans)
    months = []
    month = start.replace(day=1)
    while month <= today:
        following = _next_month(month)
        joins = sum(1 for s in spans if month <= s.admitted < following)
        withdrawals = sum(1 for s in spans if s.ended and month <= s.ended < following)
        members = sum(
            1 for s in spans if s.admitted < following and (s.ended is None or s.ended >= following)
        )
        months.append(Month(month, joins, withdrawals, members))
        month = following
    return months


def growth_svg(months: Sequence[Month], *, title: str, width: int = 720) -> SafeString:
    """The members at each month's end as a line over bars of the month's joins (up) and
    withdrawals (down)."""
    if not months:
        return mark_safe("")
    height, left, right, top, bottom = 260, 40, 12, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max(max(m.members for m in months), 1)
    step = plot_w / len(months)
    baseline = top + plot_h

    def y(value: float) -> float:
        return baseline - plot_h * value / highest

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="growth-chart" '
        f'style="max-width:100%;height:auto" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{baseline}" x2="{width - right}" y2="{baseline}" stroke="#999"/>',
    ]
    for tick in sorted({0, highest // 2, highest}):
        parts.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#555">{tick}</text>'
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
            'stroke="#e5e5e5"/>'
        )
    bar = max(step * 0.5, 1)
    for index, month in enumerate(months):
        x = left + step * index + (step - bar) / 2
        if month.joins:
            h = plot_h * month.joins / highest
            parts.append(
                f'<rect x="{x:.1f}" y="{baseline - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="#9ec5fe"><title>{escape(month.label)} +{month.joins}</title></rect>'
            )
        if month.withdrawals:
            h = min(plot_h * month.withdrawals / highest, bottom - 22)
            parts.append(
                f'<rect x="{x:.1f}" y="{baseline:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="#f1aeb5"><title>{escape(month.label)} -{month.withdrawals}</title></rect>'
            )
        if index % max(len(months) // 8, 1) == 0 or index == len(months) - 1:
            parts.append(
                f'<text x="{left + step * index + step / 2:.1f}" y="{height - 6}" '
                f'font-size="10" text-anchor="middle" fill="#555">{escape(month.label)}</text>'
            )
    points = " ".join(
        f"{left + step * i + step / 2:.1f},{y(m.members):.1f}" for i, m in enumerate(months)
    )
    parts.append(
        f'<polyline points="{points}" fill="none" stroke="#0d6efd" stroke-width="2.5" '
        'class="growth-members"/>'
    )
    last = months[-1]
    parts.append(
        f'<text x="{left + step * (len(months) - 1) + step / 2:.1f}" y="{y(last.members) - 8:.1f}" '
        f'font-size="12" font-weight="bold" text-anchor="end" fill="#0d6efd">{last.members}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
