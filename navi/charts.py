"""The trend of the round report (the overall and area averages across closed rounds) as a
line chart in SVG, drawn on the server like navi.radar. Pure: labels and values in, markup
out."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_SCORE = 4
COLOURS = ("#111111", "#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997")


def trend_svg(
    rounds: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    width: int = 720,
    height: int = 320,
    title: str = "",
) -> SafeString:
    """One line per (name, values by round); a missing value breaks the line. The first
    series (the overall average) is drawn thicker. Scores from 0 to 4."""
    if not rounds:
        return mark_safe("")
    left, right, top, bottom = 36, 220, 14, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(rounds) - 1, 1)

    def x(index: int) -> float:
        return left + (step * index if len(rounds) > 1 else plot_w / 2)

    def y(value: Decimal) -> float:
        return top + plot_h * (1 - float(min(value, MAX_SCORE)) / MAX_SCORE)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="navi-trend" '
        f'style="max-width:100%;height:auto" aria-label="{escape(title)}">'
    ]
    for score in range(MAX_SCORE + 1):
        gy = y(Decimal(score))
        parts.append(
            f'<line x1="{left}" y1="{gy:.1f}" x2="{left + plot_w}" y2="{gy:.1f}" '
            'stroke="#ddd" stroke-width="0.8"/>'
            f'<text x="{left - 6}" y="{gy + 3:.1f}" font-size="10" text-anchor="end" '
            f'fill="#666">{score}</text>'
        )
    for index, label in enumerate(rounds):
        # The first label starts at its point and the last ends at it, so neither runs off
        # the chart; every other label sits a line lower, so long names do not overlap.
        anchor = "middle"
        if len(rounds) > 1 and index == 0:
            anchor = "start"
        elif len(rounds) > 1 and index == len(rounds) - 1:
            anchor = "end"
        parts.append(
            f'<text x="{x(index):.1f}" y="{top + plot_h + 16 + 16 * (index % 2)}" '
            f'font-size="10" text-anchor="{anchor}">{escape(label)}</text>'
        )
    for number, (name, values) in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        stroke = 3 if number == 0 else 1.6
        segment: list[str] = []
        segments = []
        for index, value in enumerate(values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(index):.1f},{y(value):.1f}")
            parts.append(f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}"/>')
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="{stroke}" class="navi-trend-line"/>'
                )
        ly = top + 12 + 16 * number
        parts.append(
            f'<line x1="{width - right + 10}" y1="{ly - 4}" x2="{width - right + 28}" '
            f'y2="{ly - 4}" stroke="{colour}" stroke-width="{stroke}"/>'
            f'<text x="{width - right + 32}" y="{ly}" font-size="10">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
