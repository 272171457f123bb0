"""navi/scoring.py: exact means, truncated display, tiers at their boundaries, applicability,
and the mean of the items (not of the areas)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from navi import scoring
from navi.scoring import ItemAnswer, assessment_scores, display_score, score_tier


@pytest.mark.parametrize(
    "score,tier",
    [
        (Fraction(0), "startline"),
        (Decimal("1.99"), "startline"),
        (Fraction(199, 100), "startline"),
        (Fraction(1999, 1000), "startline"),
        (Decimal("2.00"), "challenge"),
        (Fraction(2), "challenge"),
        (Decimal("2.99"), "challenge"),
        (Fraction(2996, 1000), "challenge"),  # shows as 2.99
        (Fraction(299999, 100000), "challenge"),
        (Decimal("3.00"), "leader"),
        (Fraction(3), "leader"),
        (Fraction(4), "leader"),
        ("2.999", "challenge"),
    ],
)
def test_tier_from_the_exact_value(score, tier):
    assert score_tier(score).key == tier


def test_a_float_is_refused_and_a_negative_score_is_impossible():
    with pytest.raises(TypeError):
        score_tier(2.5)
    with pytest.raises(ValueError):
        score_tier(Fraction(-1, 10))


@pytest.mark.parametrize(
    "score,shown",
    [
        (Fraction(2996, 1000), Decimal("2.99")),
        (Fraction(8, 3), Decimal("2.66")),  # 2.666… truncated, not rounded to 2.67
        (Fraction(1999, 1000), Decimal("1.99")),
        (Fraction(2), Decimal("2.00")),
        (Fraction(5, 2), Decimal("2.50")),
        (Fraction(4), Decimal("4.00")),
        (None, None),
    ],
)
def test_display_truncates_to_two_places(score, shown):
    assert display_score(score) == shown


def test_2_996_shows_as_2_99_and_is_a_challenger():
    # 1000 items: 996 × 3 points and 4 × 2 points → 2.996.
    items = [ItemAnswer("a", "both", 3)] * 996 + [ItemAnswer("a", "both", 2)] * 4
    scores = assessment_scores(items, ai_role="both", submitted=True)
    assert scores.overall == Fraction(2996, 1000)
    assert scores.overall_display == Decimal("2.99")
    assert scores.tier.key == "challenge"


def test_the_overall_score_is_the_mean_of_items_not_of_area_means():
    items = [
        ItemAnswer("rules", "both", 4),
        ItemAnswer("rules", "both", 4),
        ItemAnswer("rules", "both", 4),
        ItemAnswer("risks", "both", 0),
    ]
    scores = assessment_scores(items, ai_role="user", submitted=True)
    assert scores.areas == {"rules": Fraction(4), "risks": Fraction(0)}
    assert scores.overall == Fraction(3)  # 12 / 4; the mean of the area means would be 2
    assert scores.tier.key == "leader"


@pytest.mark.parametrize(
    "applicability,role,applies",
    [
        ("both", "developer", True),
        ("both", "user", True),
        ("developer", "developer", True),
        ("developer", "both", True),
        ("developer", "user", False),
        ("user", "user", True),
        ("user", "developer", False),
        ("user", "both", True),
        ("developer", "", True),  # not said yet: everything is asked
    ],
)
def test_applicability(applicability, role, applies):
    assert scoring.applies(applicability, role) is applies


def test_items_that_do_not_apply_are_neither_counted_nor_scored():
    items = [
        ItemAnswer("rules", "both", 3),
        ItemAnswer("risks", "developer", 0),  # answered earlier as a developer
        ItemAnswer("risks", "developer", None),
    ]
    scores = assessment_scores(items, ai_role="user", area_order=["rules", "risks"], submitted=True)
    assert scores.progress == scoring.Progress(1, 1)
    assert scores.area_progress["risks"] == scoring.Progress(0, 0)
    assert scores.overall == Fraction(3)
    assert scores.areas["risks"] is None  # no applicable item: no score, not zero


def test_no_score_and_no_tier_before_submission_or_without_applicable_items():
    items = [ItemAnswer("rules", "both", 4)]
    before = assessment_scores(items, ai_role="both", submitted=False)
    assert before.overall is None and before.tier is None and before.areas == {"rules": None}
    assert before.progress.complete
    nothing = assessment_scores(
        [ItemAnswer("risks", "developer", None)], ai_role="user", submitted=True
    )
    assert nothing.overall is None and nothing.tier is None and nothing.overall_display is None


def test_progress_counts_answered_of_applicable():
    items = [ItemAnswer("rules", "both", 1), ItemAnswer("rules", "both", None)]
    scores = assessment_scores(items, ai_role="both", submitted=False)
    assert scores.progress == scoring.Progress(1, 2)
    assert scores.progress.percent == 50
    assert not scores.progress.complete


def test_average_score_is_the_truncated_mean():
    assert scoring.average_score([3, 3, 2]) == Decimal("2.66")
    assert scoring.average_score([]) is None
