"""Scores and tiers of the Navi self-assessment, as the brochure defines them. Pure: every
input is an argument, nothing reads the database or the clock.

An item's score is the points of the level chosen, in that version. An area's score is the
mean of its applicable items' scores; the overall score is the mean of all applicable
items' scores (not the mean of the area means: areas have different numbers of items).
Means are kept exact (fractions) and only truncated for display: 2.996 shows as 2.99 and is
a チャレンジ企業, because the tier is decided on the exact value. The brochure prints the
tiers as 3.0–4.0, 2.0–2.9 and up to 1.9, so a tier starts at its lower bound and runs up to
the next one's.

Which items a company answers depends on what it does with AI (`applies`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class Tier:
    key: str
    name: str | Promise
    lower: Decimal  # inclusive
    label_range: str
    description: str | Promise


# Highest first: a score is in the first tier whose lower bound it reaches.
TIERS: tuple[Tier, ...] = (
    Tier(
        "leader",
        _("リーダー企業"),
        Decimal("3.0"),
        "3.0–4.0",
        _("全社的な取組がルール・組織・技術の各側面において進んでいる"),
    ),
    Tier(
        "challenge",
        _("チャレンジ企業"),
        Decimal("2.0"),
        "2.0–2.9",
        _("一部ユースケース等で取組が始まっており、その全社展開が今後の課題"),
    ),
    Tier(
        "startline",
        _("スタートライン企業"),
        Decimal("0"),
        "〜1.9",
        _("まだ取組を開始した段階。今後、まずは社内での課題意識醸成や取組の棚卸しが必要"),
    ),
)

SCORE_PLACES = Decimal("0.01")  # the brochure prints averages as 2.50点

# What an item is meant for → the company profiles (Organisation.ai_role) it applies to.
_APPLIES_TO = {
    "both": {"developer", "user", "both"},
    "developer": {"developer", "both"},
    "user": {"user", "both"},
}


def applies(item_applicability: str, ai_role: str) -> bool:
    """Whether an item (for developers/providers, users, or both) applies to a company that
    develops/provides AI, uses it, or both. A company that has not said yet answers all."""
    if not ai_role:
        return True
    return ai_role in _APPLIES_TO.get(item_applicability, {"developer", "user", "both"})


def mean(points: Iterable[int]) -> Fraction | None:
    """The exact mean of the points; None with none (no score, not zero)."""
    values = list(points)
    if not values:
        return None
    return Fraction(sum(values), len(values))


def display_score(score: Fraction | Decimal | int | None) -> Decimal | None:
    """A score to two places, truncated (2.996 → 2.99): never shown above what it is."""
    if score is None:
        return None
    value = Fraction(score)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        SCORE_PLACES, ROUND_DOWN
    )


def average_score(points: Iterable[int]) -> Decimal | None:
    """The mean of the points as shown: two places, truncated; None with no answer."""
    return display_score(mean(points))


def score_tier(score: Fraction | Decimal | int | str) -> Tier:
    """The tier of an exact overall score (2.996 is still a チャレンジ企業: it has not
    reached 3.0). Floats are refused: they are not exact."""
    if isinstance(score, float):
        raise TypeError("a score is exact: pass a Fraction or a Decimal, not a float")
    value = Fraction(Decimal(score)) if isinstance(score, str) else Fraction(score)
    if value < 0:
        raise ValueError("a score is never negative")
    for tier in TIERS:
        if value >= Fraction(tier.lower):
            return tier
    return TIERS[-1]


@dataclasses.dataclass(frozen=True)
class ItemAnswer:
    """One item of a version as the scoring sees it: its area, what it is meant for, and the
    points of the level chosen (None while unanswered)."""

    area: str
    applicability: str
    points: int | None


@dataclasses.dataclass(frozen=True)
class Progress:
    answered: int
    applicable: int

    @property
    def complete(self) -> bool:
        return self.answered == self.applicable

    @property
    def percent(self) -> int:
        if not self.applicable:
            return 0
        return self.answered * 100 // self.applicable


@dataclasses.dataclass(frozen=True)
class Scores:
    """Exact scores (None: no score), with the progress they were computed from."""

    overall: Fraction | None
    areas: dict[str, Fraction | None]
    progress: Progress
    area_progress: dict[str, Progress]

    @property
    def tier(self) -> Tier | None:
        return None if self.overall is None else score_tier(self.overall)

    @property
    def overall_display(self) -> Decimal | None:
        return display_score(self.overall)

    def area_display(self, area: str) -> Decimal | None:
        return display_score(self.areas.get(area))


def assessment_scores(
    items: Iterable[ItemAnswer], *, ai_role: str, area_order: Iterable[str] = (), submitted: bool
) -> Scores:
    """Progress of every area and overall, and — once submitted — the scores. Areas with
    no applicable item, and everything before submission, have no score (None)."""
    applicable: dict[str, list[ItemAnswer]] = {area: [] for area in area_order}
    for item in items:
        applicable.setdefault(item.area, [])
        if applies(item.applicability, ai_role):
            applicable[item.area].append(item)
    area_progress = {
        area: Progress(sum(1 for i in rows if i.points is not None), len(rows))
        for area, rows in applicable.items()
    }
    progress = Progress(
        sum(p.answered for p in area_progress.values()),
        sum(p.applicable for p in area_progress.values()),
    )

    def answered_points(rows):
        return [i.points for i in rows if i.points is not None]

    if submitted:
        areas = {area: mean(answered_points(rows)) for area, rows in applicable.items()}
        overall = mean(p for rows in applicable.values() for p in answered_points(rows))
    else:
        areas = dict.fromkeys(applicable)
        overall = None
    return Scores(overall=overall, areas=areas, progress=progress, area_progress=area_progress)
