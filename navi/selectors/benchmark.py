"""Reads of a round's benchmark: the figures computed in the database from its submitted
assessments (for the freeze at the close and the secretariat's report), and the frozen
figures members see (cached per closed round)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from django.core.cache import cache
from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.utils.translation import gettext as _

from navi import benchmark, scoring
from navi import report as report_module
from navi.models import NaviAnswer, NaviAssessment, NaviLevel, NaviRound
from navi.models.versions import in_language
from navi.report import COVERED_LEVEL

CACHE_SECONDS = 24 * 3600


def applicable_answers(round_: NaviRound) -> QuerySet[NaviAnswer]:
    """The scored answers of the round's submitted assessments: a level chosen, on an item
    that applies to the company (navi.scoring.applies, written as a query)."""
    return NaviAnswer.objects.filter(
        assessment__round=round_,
        assessment__status=NaviAssessment.Status.SUBMITTED,
        level__isnull=False,
    ).filter(
        Q(item__applicability="both")
        | Q(assessment__ai_role__in=["", "both"])
        | Q(item__applicability=F("assessment__ai_role"))
    )


def _mean_entry(pairs: Counter) -> dict:
    """{"n", "mean"} from a Counter of (points summed, items counted) → companies."""
    count = sum(pairs.values())
    if not count:
        return {"n": 0, "mean": ""}
    total = sum(Fraction(s, c) * k for (s, c), k in pairs.items())
    return {"n": count, "mean": benchmark.fraction_text(total / count)}


def round_figures(round_: NaviRound) -> dict:
    """Every figure of the round, from two grouped queries over its answers — one row per
    company (its points and items counted, overall and by area), one per level chosen (for
    the items) — and one count. Python only combines the per-company sums into exact means.

    Returns {"summary": …, "scores": {"a<assessment id>": [points, items]}}: the summary as
    navi.benchmark reads it, and each company's overall score as fixed (its percentile)."""
    answers = applicable_answers(round_)
    areas = list(round_.version.areas.order_by("position", "id").values_list("pk", "key"))
    sums = {"points": Sum("level__points"), "items": Sum(Value(1))}
    for pk, _key in areas:
        sums[f"points_{pk}"] = Sum("level__points", filter=Q(item__area_id=pk))
        # A sum of ones, not Count: no per-value conversion in Python (13,000 rows × areas).
        sums[f"items_{pk}"] = Sum(Value(1), filter=Q(item__area_id=pk))
    per_company = (
        answers.values_list("assessment_id", "assessment__ai_role").annotate(**sums).order_by()
    )
    # The ORM's query, read as plain tuples: Django would otherwise convert each of its
    # values in Python (13,000 rows × 12 columns at scale 100), for integers already.
    sql, params = per_company.query.sql_with_params()
    with connections[per_company.db].cursor() as cursor:
        cursor.execute(sql, params)
        companies = cursor.fetchall()
    by_level = dict(answers.values_list("level_id").annotate(n=Count("id")).order_by())
    levels = NaviLevel.objects.filter(item__version_id=round_.version_id).values_list(
        "pk", "item__key", "points", "number"
    )
    submitted = NaviAssessment.objects.filter(
        round=round_, status=NaviAssessment.Status.SUBMITTED
    ).count()

    def pairs(rows, index: int) -> Counter:
        """(points, items) → companies, for the sums at `index` (companies with items)."""
        return Counter((row[index], row[index + 1]) for row in rows if row[index + 1])

    def area_means(rows) -> dict:
        return {key: _mean_entry(pairs(rows, 4 + 2 * n)) for n, (_pk, key) in enumerate(areas)}

    overall = pairs(companies, 2)
    histogram: Counter = Counter()
    tiers: Counter = Counter()
    for (points, items), count in overall.items():
        score = Fraction(points, items)
        histogram[str(scoring.display_score(score))] += count
        tiers[scoring.score_tier(score).key] += count
    items: dict[str, dict] = {}
    for level_id, key, points, number in levels:
        count = by_level.get(level_id, 0)
        entry = items.setdefault(key, {"n": 0, "points": 0, "high": 0})
        entry["n"] += count
        entry["points"] += count * points
        entry["high"] += count if number >= COVERED_LEVEL else 0
    groups = {}
    for group, members in benchmark.GROUPS.items():
        rows = [row for row in companies if row[1] in members]
        groups[group] = {
            "n": len(rows),
            "overall": _mean_entry(pairs(rows, 2)),
            "areas": area_means(rows),
        }
    summary = {
        "version": round_.version.number,
        "submitted": submitted,
        "companies": sum(overall.values()),
        "overall": _mean_entry(overall),
        "areas": area_means(companies),
        "items": {
            key: {
                "n": entry["n"],
                "mean": benchmark.fraction_text(Fraction(entry["points"], entry["n"])),
                "high": entry["high"],
            }
            for key, entry in items.items()
            if entry["n"]
        },
        "histogram": dict(sorted(histogram.items())),
        "tiers": {tier.key: tiers.get(tier.key, 0) for tier in scoring.TIERS},
        "groups": groups,
    }
    scores = {f"a{row[0]}": [row[2], row[3]] for row in companies}
    return {"summary": summary, "scores": scores}


def _cache_key(round_id: int) -> str:
    return f"navi:benchmark:{round_id}"


def frozen_summary(round_: NaviRound) -> dict | None:
    """The figures fixed at the round's close (None before it), cached per closed round;
    read without the companies' scores, which only the percentile needs."""
    if not round_.is_closed:
        return None
    key = _cache_key(round_.pk)
    summary = cache.get(key)
    if summary is None:
        summary = (
            NaviRound.objects.filter(pk=round_.pk, status=NaviRound.Status.CLOSED)
            .values_list("benchmark__summary", flat=True)
            .first()
        ) or {}
        cache.set(key, summary, CACHE_SECONDS)
    return summary or None


def frozen_score(round_: NaviRound, assessment: NaviAssessment) -> Fraction | None:
    """The company's overall score as fixed at the close (a later reopening changes the
    answers, not this)."""
    sums = (
        NaviRound.objects.filter(pk=round_.pk)
        .values_list(f"benchmark__scores__a{int(assessment.pk)}", flat=True)
        .first()
    )
    if not sums or not sums[1]:
        return None
    return Fraction(sums[0], sums[1])


def forget(round_: NaviRound) -> None:
    cache.delete(_cache_key(round_.pk))


def assessment_benchmark(assessment: NaviAssessment) -> benchmark.MemberBenchmark | None:
    """What the company may see of its round's benchmark: nothing before the close."""
    round_ = assessment.round
    if round_ is None or not round_.is_closed:
        return None
    summary = frozen_summary(round_)
    if summary is None:
        return None
    return benchmark.member_view(summary, own=frozen_score(round_, assessment))


# ------------------------------------------------------------------ the secretariat's report


@dataclasses.dataclass(frozen=True)
class ItemFigure:
    item: object
    average: Decimal | None
    answered: int
    high: int  # at level 3 or above

    @property
    def high_percent(self) -> int | None:
        return self.high * 100 // self.answered if self.answered else None


@dataclasses.dataclass(frozen=True)
class DocumentFigure:
    key: str
    title: str
    items: list[ItemFigure]

    @property
    def answered(self) -> int:
        return sum(figure.answered for figure in self.items)

    @property
    def high(self) -> int:
        return sum(figure.high for figure in self.items)

    @property
    def high_percent(self) -> int | None:
        return self.high * 100 // self.answered if self.answered else None


@dataclasses.dataclass(frozen=True)
class RoundReport:
    """The round's figures as fixed at its close, for the secretariat (nothing withheld:
    only aggregates, never a company)."""

    round: NaviRound
    invited: int
    submitted: int
    companies: int
    overall: Decimal | None
    areas: list[tuple[object, Decimal | None, int]]  # (area, average, companies)
    lowest: list[ItemFigure]
    tiers: list[tuple[scoring.Tier, int]]
    documents: list[DocumentFigure]
    trend_labels: list[str]
    trend: list[tuple[str, list[Decimal | None]]]

    @property
    def response_percent(self) -> int | None:
        return self.submitted * 100 // self.invited if self.invited else None


LOWEST_SHOWN = 10


def closed_rounds() -> QuerySet[NaviRound]:
    return NaviRound.objects.filter(status=NaviRound.Status.CLOSED).select_related("version")


def _mean(entry: dict | None) -> Decimal | None:
    if not entry or not entry.get("n"):
        return None
    return scoring.display_score(benchmark.parse_fraction(entry.get("mean")))


def round_report(round_: NaviRound) -> RoundReport | None:
    """The after-close report of a round (None before its close): a fixed number of
    queries, reading the frozen figures (not the companies' scores)."""
    if not round_.is_closed:
        return None
    summary = frozen_summary(round_) or {}
    version = round_.version
    areas = list(version.areas.order_by("position", "id"))
    items = list(
        version.items.select_related("area").prefetch_related("references").order_by("number")
    )
    item_entries = summary.get("items", {})
    figures = {}
    for item in items:
        entry = item_entries.get(item.key) or {}
        figures[item.key] = ItemFigure(
            item=item,
            average=_mean(entry),
            answered=entry.get("n", 0),
            high=entry.get("high", 0),
        )
    answered = [f for f in figures.values() if f.average is not None]
    lowest = sorted(answered, key=lambda f: (f.average, f.item.number))[:LOWEST_SHOWN]
    documents: dict[str, list[ItemFigure]] = {key: [] for key in (version.documents or {})}
    for item in items:
        for key in sorted({reference.document for reference in item.references.all()}):
            documents.setdefault(key, []).append(figures[item.key])

    def position(key: str) -> tuple[int, str]:
        order = report_module.DOCUMENT_ORDER
        return (order.index(key) if key in order else len(order), key)

    # The trend: every closed round up to this one, oldest first, areas matched by key.
    history = list(
        NaviRound.objects.filter(status=NaviRound.Status.CLOSED, closes_on__lte=round_.closes_on)
        .order_by("closes_on", "id")
        .values_list(
            "title_ja", "title_en", "benchmark__summary__overall", "benchmark__summary__areas"
        )
    )
    labels = [in_language(ja, en) for ja, en, _overall, _areas in history]
    trend = [(str(_("全体平均")), [_mean(overall) for _ja, _en, overall, _a in history])]
    for area in areas:
        trend.append(
            (
                area.title,
                [_mean((by_area or {}).get(area.key)) for _ja, _en, _o, by_area in history],
            )
        )
    return RoundReport(
        round=round_,
        invited=NaviAssessment.objects.filter(round=round_).count(),
        submitted=summary.get("submitted", 0),
        companies=summary.get("companies", 0),
        overall=_mean(summary.get("overall")),
        areas=[
            (
                area,
                _mean(summary.get("areas", {}).get(area.key)),
                (summary.get("areas", {}).get(area.key) or {}).get("n", 0),
            )
            for area in areas
        ],
        lowest=lowest,
        tiers=[(tier, summary.get("tiers", {}).get(tier.key, 0)) for tier in scoring.TIERS],
        documents=[
            DocumentFigure(key=key, title=version.document_title(key), items=documents[key])
            for key in sorted(documents, key=position)
        ],
        trend_labels=labels,
        trend=trend,
    )


def round_answer_rows(round_: NaviRound) -> tuple[list[str], list[tuple[str, dict]]]:
    """The item keys of the round's version, and for each submitted assessment its AI role
    and {item key: level number} of its scored answers — for the analysis export. Nothing
    that names the company, nor its comments, evidence or use cases."""
    keys = list(round_.version.items.order_by("number").values_list("key", flat=True))
    roles = dict(
        NaviAssessment.objects.filter(
            round=round_, status=NaviAssessment.Status.SUBMITTED
        ).values_list("pk", "ai_role")
    )
    answers: dict[int, dict[str, int]] = {pk: {} for pk in roles}
    for assessment_id, key, level in applicable_answers(round_).values_list(
        "assessment_id", "item__key", "level__number"
    ):
        answers[assessment_id][key] = level
    return keys, [(roles[pk], answers[pk]) for pk in roles]
