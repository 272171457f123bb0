"""Reads of a round's benchmark: the figures computed in the database from its submitted
assessments (for the freeze at the close and the secretariat's report), and the frozen
figures members see (cached per closed round)."""

from __future__ import annotations

from collections import Counter, defaultdict
from fractions import Fraction

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum

from navi import benchmark, scoring
from navi.models import NaviAnswer, NaviAssessment, NaviRound
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
    """Every figure of the round, from two grouped queries over its answers (per company and
    area; per item) and one count; Python only combines the per-company sums exactly.

    Returns {"summary": …, "scores": {"a<assessment id>": [points, items]}}: the summary as
    navi.benchmark reads it, and each company's overall score as fixed (its percentile)."""
    answers = applicable_answers(round_)
    per_area = (
        answers.values_list("assessment_id", "assessment__ai_role", "item__area__key")
        .annotate(points=Sum("level__points"), items=Count("id"))
        .order_by()
    )
    per_item = (
        answers.values_list("item__key")
        .annotate(
            n=Count("id"),
            points=Sum("level__points"),
            high=Count("id", filter=Q(level__number__gte=COVERED_LEVEL)),
        )
        .order_by()
    )
    submitted = NaviAssessment.objects.filter(
        round=round_, status=NaviAssessment.Status.SUBMITTED
    ).count()

    company_sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    roles: dict[int, str] = {}
    areas: dict[str, Counter] = defaultdict(Counter)
    group_areas: dict[str, dict[str, Counter]] = {g: defaultdict(Counter) for g in benchmark.GROUPS}
    for assessment_id, role, area, points, items in per_area:
        sums = company_sums[assessment_id]
        sums[0] += points
        sums[1] += items
        roles[assessment_id] = role
        areas[area][(points, items)] += 1
        for group, members in benchmark.GROUPS.items():
            if role in members:
                group_areas[group][area][(points, items)] += 1

    overall: Counter = Counter()
    group_overall: dict[str, Counter] = {g: Counter() for g in benchmark.GROUPS}
    for assessment_id, (points, items) in company_sums.items():
        overall[(points, items)] += 1
        for group, members in benchmark.GROUPS.items():
            if roles[assessment_id] in members:
                group_overall[group][(points, items)] += 1
    histogram: Counter = Counter()
    tiers: Counter = Counter()
    for (points, items), count in overall.items():
        score = Fraction(points, items)
        histogram[str(scoring.display_score(score))] += count
        tiers[scoring.score_tier(score).key] += count

    area_order = list(round_.version.areas.order_by("position", "id").values_list("key", flat=True))
    summary = {
        "version": round_.version.number,
        "submitted": submitted,
        "companies": len(company_sums),
        "overall": _mean_entry(overall),
        "areas": {key: _mean_entry(areas.get(key, Counter())) for key in area_order},
        "items": {
            key: {"n": n, "mean": benchmark.fraction_text(Fraction(points, n)), "high": high}
            for key, n, points, high in per_item
        },
        "histogram": dict(sorted(histogram.items())),
        "tiers": {tier.key: tiers.get(tier.key, 0) for tier in scoring.TIERS},
        "groups": {
            group: {
                "n": sum(group_overall[group].values()),
                "overall": _mean_entry(group_overall[group]),
                "areas": {
                    key: _mean_entry(group_areas[group].get(key, Counter())) for key in area_order
                },
            }
            for group in benchmark.GROUPS
        },
    }
    scores = {f"a{pk}": sums for pk, sums in company_sums.items()}
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
