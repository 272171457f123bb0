"""The members' benchmark of a round: figures fixed at the close, computed in the database,
and the rules that keep every company anonymous. Expectations are worked out by hand from
the test version ver9.0 (levels 1–4 are worth 0, 1, 3 and 4 points; N01 is for everyone,
N02 for users, N15 for developers/providers; N01 and N02 are in `rules`, N15 in `risks`)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.cache import cache

from navi import benchmark
from navi.models import NaviAnswer, NaviAssessment, NaviLevel
from navi.selectors.benchmark import assessment_benchmark
from tests.navi.round_helpers import close, company_submits, open_round

pytestmark = pytest.mark.django_db

# Five companies that do both (every item applies), by level chosen.
FIVE = [
    {"N01": 4, "N02": 3, "N15": 2},  # 4, 3, 1 points: rules 3.5, risks 1, overall 8/3
    {"N01": 1, "N02": 1, "N15": 1},  # 0, 0, 0: overall 0
    {"N01": 4, "N02": 4, "N15": 4},  # 4, 4, 4: overall 4
    {"N01": 3, "N02": 2, "N15": 3},  # 3, 1, 3: rules 2, risks 3, overall 7/3
    {"N01": 2, "N02": 3, "N15": 4},  # 1, 3, 4: rules 2, risks 4, overall 8/3
]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _closed_round(published, rows, roles=None):
    round_ = open_round(published)
    assessments = [
        company_submits(round_, (roles or {}).get(index, "both"), levels)[0]
        for index, levels in enumerate(rows)
    ]
    round_ = close(round_)
    # Read again, as a page would after the close (the objects above hold the open round).
    return round_, [NaviAssessment.objects.get(pk=a.pk) for a in assessments]


def test_the_figures_of_a_hand_made_round(published):
    round_, assessments = _closed_round(published, FIVE)
    summary = round_.benchmark["summary"]
    assert summary["companies"] == 5 and summary["submitted"] == 5
    # Overall: (8/3 + 0 + 4 + 7/3 + 8/3) / 5 = 7/3.
    assert summary["overall"] == {"n": 5, "mean": "7/3"}
    assert summary["areas"]["rules"] == {"n": 5, "mean": "23/10"}  # (3.5+0+4+2+2)/5
    assert summary["areas"]["risks"] == {"n": 5, "mean": "12/5"}  # (1+0+4+3+4)/5
    assert summary["items"]["N01"] == {"n": 5, "mean": "12/5", "high": 3}
    assert summary["items"]["N02"] == {"n": 5, "mean": "11/5", "high": 3}
    assert summary["tiers"] == {"leader": 1, "challenge": 3, "startline": 1}
    assert summary["histogram"] == {"0.00": 1, "2.33": 1, "2.66": 2, "4.00": 1}

    view = assessment_benchmark(assessments[0])
    assert view.companies == 5
    assert view.overall == Decimal("2.33")
    assert view.areas == {"rules": Decimal("2.30"), "risks": Decimal("2.40")}
    assert view.items == {"N01": Decimal("2.40"), "N02": Decimal("2.20"), "N15": Decimal("2.40")}
    assert view.own_overall == Decimal("2.66")
    # Every tier holds fewer than five companies: no count is shown.
    assert view.tiers == {"leader": None, "challenge": None, "startline": None}
    assert view.percentile is None  # among five: withheld (see navi.benchmark)


def test_nothing_is_shown_before_the_close_nor_with_four_companies(published):
    round_ = open_round(published)
    first, _user = company_submits(round_, "both", FIVE[0])
    assert assessment_benchmark(first) is None  # the round is open
    for levels in FIVE[1:4]:
        company_submits(round_, "both", levels)
    close(round_)
    first.refresh_from_db()
    assert assessment_benchmark(first) is None  # four companies: nothing at all


def test_an_item_answered_by_four_is_withheld(published):
    # The fifth company only uses AI: N15 (for developers/providers) is answered by four.
    round_, assessments = _closed_round(published, FIVE, roles={4: "user"})
    view = assessment_benchmark(assessments[0])
    assert round_.benchmark["summary"]["items"]["N15"]["n"] == 4
    assert view.items["N15"] is None
    assert view.items["N01"] == Decimal("2.40")
    # risks is N15 alone: four companies have a score there, so no area average either.
    assert view.areas["risks"] is None
    assert view.areas["rules"] is not None


def test_a_subgroup_whose_complement_is_one_is_withheld(published):
    # Five developers and one user: the developers' average and the whole's would give the
    # one user's score by subtraction.
    rows = [{"N01": 3, "N15": 3}] * 5 + [{"N01": 1, "N02": 1}]
    roles = dict.fromkeys(range(5), "developer") | {5: "user"}
    _round, assessments = _closed_round(published, rows, roles=roles)
    view = assessment_benchmark(assessments[0])
    assert view.companies == 6
    groups = {group.key: group for group in view.groups}
    assert groups["developer"].overall is None and not groups["developer"].any_shown
    assert groups["user"].overall is None


def test_subgroups_of_five_and_five_are_shown(published):
    developers = [{"N01": 4, "N15": 3}] * 4 + [{"N01": 1, "N15": 1}]  # overall 7/2 ×4, 0
    users = [{"N01": 2, "N02": 2}] * 5  # overall 1 each
    roles = dict.fromkeys(range(5), "developer") | dict.fromkeys(range(5, 10), "user")
    _round, assessments = _closed_round(published, developers + users, roles=roles)
    view = assessment_benchmark(assessments[0])
    groups = {group.key: group for group in view.groups}
    assert groups["developer"].overall == Decimal("2.80")  # (3.5*4 + 0) / 5
    assert groups["user"].overall == Decimal("1.00")
    # The overall among ten: (14 + 0 + 5) / 10 = 1.9.
    assert view.overall == Decimal("1.90")
    # Ten companies: a percentile, by steps of ten. The first developer (3.50) is above the
    # five users (1.00) and the developer at 0: six of ten below → 60.
    assert view.percentile == 60
    # risks (N15) is answered by developers only: the group is everyone there, its
    # complement none, so the developers' risks figure is withheld.
    assert groups["developer"].areas["risks"] is None
    # rules: N01 for the developers (4 × 4 points and 0), N01 and N02 for the users.
    assert groups["developer"].areas["rules"] == Decimal("3.20")  # (4 * 4 + 0) / 5


def test_a_late_reopening_changes_nothing_members_see(published):
    _round, assessments = _closed_round(published, FIVE)
    before = assessment_benchmark(assessments[1])
    # After the close, the secretariat reopens the second company's assessment, which
    # raises every answer to level 4.
    NaviAssessment.objects.filter(pk=assessments[1].pk).update(status="in_progress")
    for answer in NaviAnswer.objects.filter(assessment=assessments[1]):
        top = NaviLevel.objects.get(item=answer.item, number=4)
        NaviAnswer.objects.filter(pk=answer.pk).update(level=top)
    cache.clear()
    assessments[1].refresh_from_db()
    after = assessment_benchmark(assessments[1])
    assert after == before
    assert after.own_overall == Decimal("0.00")


# ------------------------------------------------------------------ the pure rules


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"a": 5, "b": 7, "c": 0}, {"a": 5, "b": 7, "c": 0}),
        # One small count: a second is hidden with it, or 12 − 7 would give it.
        ({"a": 2, "b": 7, "c": 5}, {"a": None, "b": 7, "c": None}),
        ({"a": 2, "b": 3, "c": 9}, {"a": None, "b": None, "c": 9}),
        ({"a": 4, "b": 0, "c": 0}, {"a": None, "b": None, "c": None}),
    ],
)
def test_small_counts_are_hidden_and_cannot_be_had_by_subtraction(counts, expected):
    assert benchmark.suppress_counts(counts) == expected


@pytest.mark.parametrize(
    ("total", "below", "expected"),
    [(5, 4, None), (9, 8, None), (10, 6, 60), (10, 0, 0), (13, 12, 90), (20, 7, 30)],
)
def test_a_percentile_only_from_ten_companies_and_by_steps_of_ten(total, below, expected):
    histogram = {"1.00": below, "3.00": total - below}
    assert benchmark.percentile(histogram, Decimal("3.00"), total) == expected


def test_a_mean_of_thirds_is_exact_and_truncated():
    entry = {"n": 6, "mean": benchmark.fraction_text(Fraction(1, 3) + Fraction(2, 3) * 2)}
    # 5/3 = 1.666…: shown as 1.66, never 1.67.
    assert benchmark.figure(entry) == Decimal("1.66")
    assert benchmark.figure({"n": 4, "mean": "2/1"}) is None
    assert benchmark.figure({"n": 5, "mean": "2/1"}, total=9) is None  # complement 4
    assert benchmark.figure({"n": 5, "mean": "2/1"}, total=10) == Decimal("2.00")
