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
    axes: Sequence[tuple[str, Decimal | None]], *, size: int = 360, title: str = ""
) -> SafeString:
    """A radar with one axis per (label, score); a missing score is drawn at 0. Rings at
    every whole point up to 4."""
    count = len(axes)
    if count < 3:
        return mark_safe("")
    cx = cy = size / 2
    radius = size * 0.30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" role="img" class="navi-radar" '
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
    for i, (label, score) in enumerate(axes):
        x, y = _point(cx, cy, radius + 18, i, count)
        anchor = "middle" if abs(x - cx) < 5 else ("start" if x > cx else "end")
        shown = "—" if score is None else f"{score}"
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="{anchor}">'
            f"{escape(_short(label))}</text>"
            f'<text x="{x:.1f}" y="{y + 13:.1f}" font-size="11" font-weight="bold" '
            f'text-anchor="{anchor}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
