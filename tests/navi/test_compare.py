"""Two versions compared item by item (by key): added, removed, changed, unchanged."""

import copy
import datetime
from decimal import Decimal

import pytest

from navi import compare, scoring
from navi.diff import diff_html, tokens
from navi.selectors.versions import version_compare
from navi.services.versions import version_load
from tests.navi.conftest import parse


@pytest.fixture
def pair(db, raw, published):
    """ver9.0 and a ver9.1 that removes N01, adds N40, rewrites a level of N15 and gives
    level 2 two points instead of one (every item's points change)."""
    new = copy.deepcopy(raw)
    new["version"] = "9.1"
    rules, risks = new["areas"]
    removed = rules["items"].pop(0)
    added = copy.deepcopy(removed)
    added.update(key="N40", number=4, title={"ja": "AI監査", "en": "AI audit"})
    risks["items"].append(added)
    risks["items"][0]["levels"][2]["text"]["ja"] = "社内規定が整備され、運用されている"
    new["level_points"] = [0, 2, 3, 4]
    new["published_on"] = datetime.date(2026, 4, 1)
    return published, version_load(data=parse(new), actor=None)


def test_rows_by_key_with_their_status(pair):
    old, new = pair
    result = version_compare(old, new)
    status = {row.key: row.status for row in result.rows}
    assert status == {"N01": "removed", "N02": "changed", "N15": "changed", "N40": "added"}
    assert [row.key for row in result.rows] == ["N01", "N02", "N15", "N40"]
    assert result.counts == {"added": 1, "removed": 1, "changed": 2, "unchanged": 0}
    n02 = next(row for row in result.rows if row.key == "N02")
    assert n02.points_changed and not n02.text_changed
    assert [(lv.old_points, lv.new_points) for lv in n02.levels][1] == (1, 2)
    n15 = next(row for row in result.rows if row.key == "N15")
    assert n15.text_changed and n15.points_changed  # the version changed every level 2
    level3 = n15.levels[2]
    assert level3.changed and "<ins>" in level3.new and "<del>" not in level3.new


def test_identical_versions_are_unchanged(db, raw, published):
    same = dict(copy.deepcopy(raw), version="9.2")
    other = version_load(data=parse(same), actor=None)
    rows = version_compare(published, other).rows
    assert {row.status for row in rows} == {compare.UNCHANGED}


def test_an_english_only_change_is_a_text_change(db, raw, published):
    new = copy.deepcopy(raw)
    new["version"] = "9.3"
    new["areas"][0]["items"][0]["risk"]["en"] = "If this is not done, trust is lost"
    other = version_load(data=parse(new), actor=None)
    row = next(r for r in version_compare(published, other).rows if r.key == "N01")
    assert row.status == compare.CHANGED and row.text_changed


@pytest.mark.parametrize(
    "old,new,old_html,new_html",
    [
        ("同じ", "同じ", "同じ", "同じ"),
        ("検討している", "策定している", "<del>検討</del>している", "<ins>策定</ins>している"),
        ("AIポリシー", "AI ポリシー", "AIポリシー", "AI<ins> </ins>ポリシー"),
        ("<b>", "<i>", "&lt;<del>b</del>&gt;", "&lt;<ins>i</ins>&gt;"),
        ("", "新規", "", "<ins>新規</ins>"),
    ],
)
def test_diff_marks_changed_characters_and_escapes(old, new, old_html, new_html):
    assert diff_html(old, new) == (old_html, new_html)


def test_tokens_keep_latin_words_and_numbers_whole():
    assert tokens("ISO 42001のA.7") == ["ISO", " ", "42001", "の", "A", ".", "7"]


@pytest.mark.parametrize(
    "score,tier",
    [
        ("4.0", "leader"),
        ("3.0", "leader"),
        ("2.99", "challenge"),
        ("2.0", "challenge"),
        ("1.99", "startline"),
        ("0", "startline"),
    ],
)
def test_score_tiers_follow_the_brochure(score, tier):
    assert scoring.score_tier(Decimal(score)).key == tier


def test_average_score():
    assert scoring.average_score([0, 1, 3, 4]) == Decimal("2.00")
    assert scoring.average_score([3, 4, 4]) == Decimal("3.66")  # shown truncated (issue 23)
    assert scoring.average_score([]) is None
    with pytest.raises(ValueError):
        scoring.score_tier(-1)
