"""The pure fee function, around every boundary of the brochure's table."""

import datetime
from decimal import Decimal

import pytest

from billing.fees import (
    FeeQuote,
    NoScheduleError,
    ScheduleEntry,
    annual_fee_for_year,
    calculate_fee,
)
from billing.fiscal import Half

D = datetime.date

BROCHURE = [
    ScheduleEntry("regular", D(2024, 10, 1), 100_000, 500_000, 250_000),
    ScheduleEntry("smb", D(2024, 10, 1), 50_000, 100_000, 50_000),
    ScheduleEntry("expert", D(2024, 10, 1), 0, 0, 0),
]
FIRST = D(2025, 11, 15)
SECOND = D(2026, 5, 15)


def quote(**kwargs) -> FeeQuote:
    args = {
        "category": "corporate",
        "capital": 10_000_000,
        "parent_ratio": None,
        "admission_date": FIRST,
        "schedule": BROCHURE,
    }
    args.update(kwargs)
    return calculate_fee(**args)


@pytest.mark.parametrize(
    ("capital", "ratio", "day", "tier", "half", "fy", "admission", "annual"),
    [
        # The capital threshold: "over ¥100,000,000" is strict.
        (100_000_000, None, FIRST, "smb", Half.FIRST, 2025, 50_000, 100_000),
        (100_000_001, None, FIRST, "regular", Half.FIRST, 2025, 100_000, 500_000),
        (100_000_000, None, SECOND, "smb", Half.SECOND, 2025, 50_000, 50_000),
        (100_000_001, None, SECOND, "regular", Half.SECOND, 2025, 100_000, 250_000),
        (0, None, FIRST, "smb", Half.FIRST, 2025, 50_000, 100_000),
        # The parent's share: exactly 50% does not disqualify; more does, whatever the capital.
        (10_000_000, Decimal("50"), FIRST, "smb", Half.FIRST, 2025, 50_000, 100_000),
        (10_000_000, Decimal("50.00"), FIRST, "smb", Half.FIRST, 2025, 50_000, 100_000),
        (10_000_000, Decimal("50.1"), FIRST, "regular", Half.FIRST, 2025, 100_000, 500_000),
        (10_000_000, Decimal("50.01"), FIRST, "regular", Half.FIRST, 2025, 100_000, 500_000),
        (10_000_000, Decimal("100"), SECOND, "regular", Half.SECOND, 2025, 100_000, 250_000),
        (10_000_000, Decimal("0"), FIRST, "smb", Half.FIRST, 2025, 50_000, 100_000),
        (500_000_000, Decimal("30"), FIRST, "regular", Half.FIRST, 2025, 100_000, 500_000),
        # Which half: 31 March is first, 1 April second.
        (500_000_000, None, D(2026, 3, 31), "regular", Half.FIRST, 2025, 100_000, 500_000),
        (500_000_000, None, D(2026, 4, 1), "regular", Half.SECOND, 2025, 100_000, 250_000),
        (10_000_000, None, D(2026, 3, 31), "smb", Half.FIRST, 2025, 50_000, 100_000),
        (10_000_000, None, D(2026, 4, 1), "smb", Half.SECOND, 2025, 50_000, 50_000),
        # 30 September ends a fiscal year, 1 October starts the next one.
        (500_000_000, None, D(2026, 9, 30), "regular", Half.SECOND, 2025, 100_000, 250_000),
        (500_000_000, None, D(2026, 10, 1), "regular", Half.FIRST, 2026, 100_000, 500_000),
        (10_000_000, None, D(2025, 9, 30), "smb", Half.SECOND, 2024, 50_000, 50_000),
        (10_000_000, None, D(2025, 10, 1), "smb", Half.FIRST, 2025, 50_000, 100_000),
        # The first day of the schedule.
        (500_000_000, None, D(2024, 10, 1), "regular", Half.FIRST, 2024, 100_000, 500_000),
    ],
)
def test_corporate_table(capital, ratio, day, tier, half, fy, admission, annual):
    result = quote(capital=capital, parent_ratio=ratio, admission_date=day)
    assert result.tier == tier
    assert result.half is half
    assert result.fiscal_year == fy
    assert result.admission_fee == admission
    assert result.annual_fee == annual
    assert result.total == admission + annual
    assert result.admission_date == day


@pytest.mark.parametrize("day", [FIRST, SECOND, D(2026, 3, 31), D(2026, 4, 1)])
def test_expert_pays_nothing(day):
    result = quote(category="expert", capital=None, admission_date=day)
    assert (result.tier, result.admission_fee, result.annual_fee, result.total) == (
        "expert",
        0,
        0,
        0,
    )
    assert "有識者会員" in result.reasons[0].ja
    # Nothing to pay now or later: no half, no date, no schedule to explain.
    assert [r.ja for r in result.reasons] == [
        "有識者会員（理事又は監事の推薦を受けた個人）には入会費・年会費はかかりません。"
    ]
    assert result.next_year_annual_fee == 0
    assert result.is_fee_free


def test_expert_ignores_company_figures():
    result = quote(category="expert", capital=900_000_000, parent_ratio=Decimal("90"))
    assert result.tier == "expert"
    assert result.total == 0


@pytest.mark.parametrize("kind", ["none", "fund", "foreign"])
def test_no_plain_capital_is_regular_until_set_by_hand(kind):
    result = quote(capital=None, capital_kind=kind)
    assert result.tier == "regular"
    assert result.total == 600_000
    assert "手動" in result.reasons[0].ja
    assert "by hand" in result.reasons[0].en


def test_manual_tier_overrides_with_reason():
    result = quote(capital=None, capital_kind="none", manual_tier="smb")
    assert result.tier == "smb"
    assert result.total == 150_000
    assert "事務局" in result.reasons[0].ja
    assert "secretariat" in result.reasons[0].en


def test_missing_capital_is_quoted_regular():
    result = quote(capital=None)
    assert result.tier == "regular"


def test_reasons_cover_each_decision_in_both_languages():
    result = quote(capital=100_000_000, admission_date=D(2026, 3, 15))
    assert len(result.reasons) == 4
    tier, half, date_used, schedule = result.reasons
    assert tier.ja == "資本金100,000,000円は1億円以下のため、正会員（SMB・スタートアップ枠）です。"
    assert "¥100,000,000" in tier.en
    assert "上期" in half.ja and "2025年度" in half.ja
    assert "first half" in half.en
    assert "2026年3月15日" in date_used.ja
    assert "15 March 2026" in date_used.en
    assert "2024年10月1日" in schedule.ja and "¥150,000" in schedule.ja
    assert all(r.ja and r.en for r in result.reasons)


def test_parent_ratio_reason_names_the_share():
    result = quote(parent_ratio=Decimal("50.10"))
    assert "50.1%" in result.reasons[0].ja
    assert "50%を超える" in result.reasons[0].ja


@pytest.mark.parametrize(
    ("basis", "fragment"),
    [
        ("given", "指定された入会予定日"),
        ("board_meeting", "次回の理事会"),
        ("today", "本日"),
        ("admission", "入会を承認した理事会"),
        ("uncertain", "入会日が未定のため"),
    ],
)
def test_date_basis_is_said(basis, fragment):
    result = quote(date_basis=basis)
    assert result.date_basis == basis
    assert fragment in result.reasons[2].ja


def test_quote_is_immutable():
    result = quote()
    with pytest.raises(AttributeError):
        result.total = 1  # type: ignore[misc]
    assert isinstance(result.reasons, tuple)


CHANGED = BROCHURE + [
    ScheduleEntry("regular", D(2026, 10, 1), 120_000, 600_000, 300_000),
    ScheduleEntry("smb", D(2026, 10, 1), 60_000, 120_000, 60_000),
]


@pytest.mark.parametrize(
    ("day", "capital", "admission", "annual", "effective"),
    [
        (D(2026, 9, 30), 500_000_000, 100_000, 250_000, D(2024, 10, 1)),
        (D(2026, 10, 1), 500_000_000, 120_000, 600_000, D(2026, 10, 1)),
        (D(2026, 9, 30), 1_000_000, 50_000, 50_000, D(2024, 10, 1)),
        (D(2027, 4, 1), 1_000_000, 60_000, 60_000, D(2026, 10, 1)),
    ],
)
def test_schedule_change_between_two_dates(day, capital, admission, annual, effective):
    result = quote(capital=capital, admission_date=day, schedule=CHANGED)
    assert (result.admission_fee, result.annual_fee) == (admission, annual)
    assert result.schedule_effective_from == effective


def test_schedule_order_does_not_matter():
    result = quote(capital=500_000_000, admission_date=D(2027, 1, 1), schedule=CHANGED[::-1])
    assert result.total == 720_000


def test_date_before_any_schedule_is_a_clear_error():
    with pytest.raises(NoScheduleError) as info:
        quote(admission_date=D(2024, 9, 30))
    assert info.value.on == D(2024, 9, 30)
    assert "2024-09-30" in str(info.value)


def test_tier_missing_from_schedule_is_an_error():
    with pytest.raises(NoScheduleError):
        quote(category="expert", schedule=BROCHURE[:2])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"category": "company"},
        {"capital": -1},
        {"capital": 1.5},
        {"parent_ratio": Decimal("-0.1")},
        {"parent_ratio": Decimal("100.1")},
        {"parent_ratio": Decimal("NaN")},
        {"capital_kind": "gold"},
        {"manual_tier": "platinum"},
        {"date_basis": "guess"},
    ],
)
def test_bad_arguments_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        quote(**kwargs)


@pytest.mark.parametrize(
    ("tier", "fy", "expected"),
    [
        ("regular", 2025, 500_000),
        ("smb", 2025, 100_000),
        ("expert", 2025, 0),
        ("regular", 2026, 600_000),
        ("smb", 2026, 120_000),
    ],
)
def test_later_fiscal_years_owe_the_full_annual_fee(tier, fy, expected):
    assert annual_fee_for_year(tier=tier, fiscal_year=fy, schedule=CHANGED) == expected


def test_later_year_before_any_schedule():
    with pytest.raises(NoScheduleError):
        annual_fee_for_year(tier="regular", fiscal_year=2023, schedule=BROCHURE)


def test_half_follows_the_board_meeting_not_the_day_the_decision_was_entered():
    # Entered on 2 April for the 15 March meeting: the admission date is 15 March, first half.
    result = quote(capital=500_000_000, admission_date=D(2026, 3, 15), date_basis="admission")
    assert (result.half, result.annual_fee, result.fiscal_year) == (Half.FIRST, 500_000, 2025)
    assert "入会を承認した理事会の開催日（2026年3月15日）" in result.reasons[2].ja


@pytest.mark.parametrize(
    ("tier_args", "day", "next_year"),
    [
        ({"capital": 500_000_000}, FIRST, 500_000),
        ({"capital": 500_000_000}, SECOND, 500_000),
        ({"capital": 10_000_000}, FIRST, 100_000),
        ({"capital": 10_000_000}, SECOND, 100_000),
        ({"category": "expert", "capital": None}, FIRST, 0),
    ],
)
def test_next_year_annual_fee_is_the_full_year_amount(tier_args, day, next_year):
    result = quote(admission_date=day, **tier_args)
    assert result.next_year_annual_fee == next_year
    assert not result.is_fee_free or next_year == 0


@pytest.mark.parametrize(
    ("day", "admission_and_annual", "next_year"),
    [
        # Admitted in 2026年度 under the old table; 2027年度 onwards under the new one.
        (D(2026, 9, 30), (100_000, 250_000), 600_000),
        # Admitted in 2025年度: 2026年度 is already under the new table.
        (D(2025, 11, 15), (100_000, 500_000), 600_000),
        (D(2024, 11, 15), (100_000, 500_000), 500_000),
    ],
)
def test_next_year_annual_fee_is_the_schedule_in_force_next_october(
    day, admission_and_annual, next_year
):
    result = quote(capital=500_000_000, admission_date=day, schedule=CHANGED)
    assert (result.admission_fee, result.annual_fee) == admission_and_annual
    assert result.next_year_annual_fee == next_year
