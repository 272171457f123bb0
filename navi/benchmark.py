"""The members' anonymous benchmark of a closed round: what of the figures fixed at the close
(navi.services.benchmark) may reach a member. Pure: the frozen figures in, what is shown out.

The rules, so that no company's answers can be learnt from what is shown:
- a figure is shown only when at least MIN_COMPANIES (5) companies contribute to it, counted
  per figure: an item answered by 4 companies has no average, even in a round of 100;
- a subgroup (developers/providers, users) is shown only when both the group and the rest of
  the companies have at least 5 for that figure: otherwise the group's figure and the whole's
  would give the rest's by subtraction;
- a count in a distribution between 1 and 4 is not shown, and when only one count of a
  distribution would be hidden, the next smallest is hidden with it, so that the hidden one
  is not the total less the shown ones;
- a company's percentile is shown only in rounds of at least PERCENTILE_MIN_COMPANIES (10)
  and only in steps of PERCENTILE_STEP (10 points). Among 5 it is withheld: a rank among 5
  ("the lowest", "second") with the average and the distribution narrows the other four to
  a few possibilities, and for the lowest or highest says exactly where everyone else is.
  From 10 companies up, a step of 10 points never names a rank finer than one company's.

The frozen figures (a JSON object on NaviRound.benchmark["summary"]): counts, and means as
exact fractions written "num/den", so that 2.996 still shows as 2.99.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from navi import scoring

MIN_COMPANIES = 5
PERCENTILE_MIN_COMPANIES = 10
PERCENTILE_STEP = 10
# Subgroups by what a company does with AI (NaviAssessment.ai_role): "both" is in both;
# a company that has not said is in neither.
GROUPS: dict[str, frozenset[str]] = {
    "developer": frozenset({"developer", "both"}),
    "user": frozenset({"user", "both"}),
}
GROUP_LABELS = {"developer": _("開発者・提供者"), "user": _("利用者")}
# The score bands of the distribution shown, lower bounds inclusive (the last runs to 4).
BANDS: tuple[Decimal, ...] = tuple(Decimal(x) / 2 for x in range(0, 8))


def fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str | None) -> Fraction | None:
    return None if not text else Fraction(text)


def shown(count: int) -> bool:
    return count >= MIN_COMPANIES


def subgroup_shown(group: int, total: int) -> bool:
    """Both the group and its complement among the `total` contributors have at least 5."""
    return shown(group) and shown(total - group)


def figure(entry: Mapping | None, total: int | None = None) -> Decimal | None:
    """A frozen mean {"n": contributors, "mean": "num/den"} as shown, or None (withheld).
    With `total` the entry is a subgroup's, and its complement counts too."""
    if not entry:
        return None
    count = entry.get("n", 0)
    if not (subgroup_shown(count, total) if total is not None else shown(count)):
        return None
    return scoring.display_score(parse_fraction(entry.get("mean")))


def suppress_counts(counts: Mapping[str, int]) -> dict[str, int | None]:
    """A distribution with its small counts (1–4) hidden (None), and a second one hidden
    when only one would be, so that it cannot be had by subtraction from the total."""
    result: dict[str, int | None] = {
        key: (None if 0 < value < MIN_COMPANIES else value) for key, value in counts.items()
    }
    hidden = [key for key, value in result.items() if value is None]
    if len(hidden) == 1:
        candidates = sorted(
            (value, index, key)
            for index, (key, value) in enumerate(result.items())
            if value is not None and value > 0
        )
        if candidates:
            result[candidates[0][2]] = None
        else:  # nothing else to hide: the one hidden is the total, say nothing at all
            return dict.fromkeys(result)
    return result


def band_of(score: Decimal) -> Decimal:
    return max(lower for lower in BANDS if score >= lower)


def band_counts(histogram: Mapping[str, int]) -> dict[str, int]:
    """The companies' displayed overall scores by band of half a point ("2.5": 2.50–2.99)."""
    counts = {str(lower): 0 for lower in BANDS}
    for score, count in histogram.items():
        counts[str(band_of(Decimal(score)))] += count
    return counts


def percentile(histogram: Mapping[str, int], own: Decimal, total: int) -> int | None:
    """The share of the round's companies whose overall score (as shown) is below the
    company's, in whole steps of 10 rounded down; None when the round is too small."""
    if total < PERCENTILE_MIN_COMPANIES:
        return None
    below = sum(count for score, count in histogram.items() if Decimal(score) < own)
    share = below * 100 // total
    return share // PERCENTILE_STEP * PERCENTILE_STEP


@dataclasses.dataclass(frozen=True)
class GroupFigures:
    key: str
    overall: Decimal | None
    areas: dict[str, Decimal | None]

    @property
    def any_shown(self) -> bool:
        return self.overall is not None or any(v is not None for v in self.areas.values())


@dataclasses.dataclass(frozen=True)
class MemberBenchmark:
    """What a member may see of a closed round (None: withheld)."""

    companies: int
    overall: Decimal | None
    areas: dict[str, Decimal | None]
    items: dict[str, Decimal | None]
    tiers: dict[str, int | None]  # by scoring.TIERS key, highest first
    bands: dict[str, int | None]  # by band's lower bound
    groups: list[GroupFigures]
    percentile: int | None
    own_overall: Decimal | None  # the company's overall score as fixed at the close

    @property
    def tier_rows(self) -> list[tuple[scoring.Tier, int | None]]:
        return [(tier, self.tiers.get(tier.key)) for tier in scoring.TIERS]

    @property
    def band_rows(self) -> list[tuple[str, str, int | None]]:
        rows = []
        for index, lower in enumerate(BANDS):
            upper = "4.00" if index == len(BANDS) - 1 else f"{BANDS[index + 1] - Decimal('0.01')}"
            rows.append((f"{lower:.2f}", upper, self.bands.get(str(lower))))
        return rows


def member_view(summary: Mapping | None, *, own: Fraction | None = None) -> MemberBenchmark | None:
    """The figures a member may see, from a round's frozen summary; None when the round
    has fewer than 5 contributing companies (then nothing at all is shown). `own` is the
    company's overall score as fixed at the close (for its percentile)."""
    if not summary:
        return None
    total = summary.get("companies", 0)
    if not shown(total):
        return None
    histogram = summary.get("histogram", {})
    own_display = scoring.display_score(own) if own is not None else None
    groups = []
    for key in GROUPS:
        group = summary.get("groups", {}).get(key) or {}
        groups.append(
            GroupFigures(
                key=key,
                overall=figure(group.get("overall"), total),
                areas={
                    area: figure(entry, summary["areas"].get(area, {}).get("n", 0))
                    for area, entry in (group.get("areas") or {}).items()
                },
            )
        )
    return MemberBenchmark(
        companies=total,
        overall=figure(summary.get("overall")),
        areas={key: figure(entry) for key, entry in summary.get("areas", {}).items()},
        items={key: figure(entry) for key, entry in summary.get("items", {}).items()},
        tiers=suppress_counts(
            {tier.key: summary.get("tiers", {}).get(tier.key, 0) for tier in scoring.TIERS}
        ),
        bands=suppress_counts(band_counts(histogram)),
        groups=groups,
        percentile=percentile(histogram, own_display, total) if own_display is not None else None,
        own_overall=own_display,
    )


@dataclasses.dataclass(frozen=True)
class BelowAverage:
    row: object  # a navi.report.ItemRow
    average: Decimal

    @property
    def gap(self) -> Decimal:
        return Decimal(self.row.points) - self.average


def furthest_below(rows, items: Mapping[str, Decimal | None], *, shown_count: int = 5):
    """The company's answered items furthest below the members' average (shown averages
    only), largest gap first, then the version's order."""
    result = []
    for row in rows:
        average = items.get(row.item.key)
        if average is None or row.points is None or Decimal(row.points) >= average:
            continue
        result.append(BelowAverage(row, average))
    order = {id(entry.row): index for index, entry in enumerate(result)}
    result.sort(key=lambda entry: (entry.gap, order[id(entry.row)]))
    return result[:shown_count]
