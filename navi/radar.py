"""The radar of the area scores as SVG markup, drawn on the server so that the report page and
its PDF show the same picture. Pure: labels and scores in, markup out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_SCORE = 4


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # the first axis points up
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _points(coordinates) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)


def radar_svg(
    axes: Sequence[tuple[str, Decimal | None]],
    *,
    size: int = 360,
    title: str = "",
    comparison: Sequence[Decimal | None] | None = None,
    legend: tuple[str, str] = ("", ""),
) -> SafeString:
    """A radar with one axis per (label, score); a missing score is drawn at 0. Rings at
    every whole point up to 4. `comparison` (the members' average, one per axis) is the
    second polygon, drawn only when every axis has one: a withheld average is not 0."""
    count = len(axes)
    if count < 3:
        return mark_safe("")
    width = size * 3 // 2  # room at both sides for the labels of the side axes
    cx, cy = width / 2, size / 2
    radius = size * 0.32
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size}" '
        f'width="{width}" height="{size}" role="img" class="navi-radar" '
        'style="max-width:100%;height:auto" '
        f'aria-label="{escape(title)}">'
    ]
    for ring in range(1, MAX_SCORE + 1):
        ring_points = [_point(cx, cy, radius * ring / MAX_SCORE, i, count) for i in range(count)]
        parts.append(
            f'<polygon points="{_points(ring_points)}" fill="none" stroke="#bbb" '
            'stroke-width="0.8"/>'
        )
        x, y = _point(cx, cy, radius * ring / MAX_SCORE, 0, count)
        parts.append(
            f'<text x="{x + 3:.1f}" y="{y + 3:.1f}" font-size="9" fill="#777">{ring}</text>'
        )
    for i in range(count):
        x, y = _point(cx, cy, radius, i, count)
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbb" '
            'stroke-width="0.8"/>'
        )
    values = [
        _point(cx, cy, radius * float(min(score or 0, MAX_SCORE)) / MAX_SCORE, i, count)
        for i, (_label, score) in enumerate(axes)
    ]
    parts.append(
        f'<polygon points="{_points(values)}" fill="rgba(13,110,253,0.25)" stroke="#0d6efd" '
        'stroke-width="2" class="navi-radar-company"/>'
    )
    if comparison is not None and len(comparison) == count and None not in comparison:
        others = [
            _point(cx, cy, radius * float(min(score, MAX_SCORE)) / MAX_SCORE, i, count)
            for i, score in enumerate(comparison)
        ]
        parts.append(
            f'<polygon points="{_points(others)}" fill="none" stroke="#d63384" '
            'stroke-width="2" stroke-dasharray="5,3" class="navi-radar-average"/>'
        )
        if any(legend):
            parts.extend(_legend(width, size, legend))
    for i, (label, score) in enumerate(axes):
        x, y = _point(cx, cy, radius + 16, i, count)
        anchor = "middle" if abs(x - cx) < 5 else ("start" if x > cx else "end")
        lines = [*_lines(label), "—" if score is None else f"{score}"]
        if y < cy - radius / 2:  # the top label grows upwards
            y -= 12 * (len(lines) - 1)
        for number, line in enumerate(lines):
            weight = ' font-weight="bold"' if number == len(lines) - 1 else ""
            parts.append(
                f'<text x="{x:.1f}" y="{y + 12 * number:.1f}" font-size="10.5"{weight} '
                f'text-anchor="{anchor}">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend(width: int, size: int, legend: tuple[str, str]) -> list[str]:
    y = size - 10
    return [
        f'<line x1="10" y1="{y - 4}" x2="30" y2="{y - 4}" stroke="#0d6efd" stroke-width="2"/>',
        f'<text x="34" y="{y}" font-size="10">{escape(legend[0])}</text>',
        f'<line x1="10" y1="{y - 18}" x2="30" y2="{y - 18}" stroke="#d63384" '
        'stroke-width="2" stroke-dasharray="5,3"/>',
        f'<text x="34" y="{y - 14}" font-size="10">{escape(legend[1])}</text>',
    ]


def _lines(label: str, width: int = 9) -> list[str]:
    """A long area name on two lines (Japanese breaks anywhere), cut after the second."""
    if len(label) <= width + 2:
        return [label]
    second = label[width : 2 * width]
    if len(label) > 2 * width:
        second = second[:-1] + "…"
    return [label[:width], second]
