"""Scores and tiers of the Navi self-assessment, as the brochure defines them. Pure.

A company's overall score is the average of the points of the items it answers (each item
is rated on four levels whose points are data of the version). The overall score places
the company in one of three tiers; the brochure prints them as 3.0–4.0, 2.0–2.9 and
up to 1.9, so a tier starts at its lower bound and runs up to the next one's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

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


def average_score(points: Iterable[int]) -> Decimal | None:
    """The average of the points answered, to two places (half up); None with no answer."""
    values = list(points)
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(SCORE_PLACES, ROUND_HALF_UP)


def score_tier(score: Decimal | int | float | str) -> Tier:
    """The tier of an overall score (2.95 is still a チャレンジ企業: it has not reached 3.0)."""
    value = Decimal(str(score))
    if value < 0:
        raise ValueError("a score is never negative")
    for tier in TIERS:
        if value >= tier.lower:
            return tier
    return TIERS[-1]
