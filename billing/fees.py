"""The brochure's fee rules as one pure function: no database, no clock.

The schedule (amounts per tier, with the date they take effect) and the admission date are
arguments, so the same function serves the public calculator, applications and invoices,
and tests pin every boundary without touching the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from aiga.dates import date_en, date_ja
from billing.fiscal import (
    Half,
    fiscal_half,
    fiscal_year,
    fiscal_year_label,
    fiscal_year_start,
    half_label,
    half_label_en,
)
from members.choices import Tier, label_in
from members.smb_line import PARENT_RATIO_LIMIT, SMB_CAPITAL_LIMIT

REGULAR = "regular"
SMB = "smb"
EXPERT = "expert"
TIERS = (REGULAR, SMB, EXPERT)

CORPORATE = "corporate"
CATEGORIES = (CORPORATE, EXPERT)

CAPITAL_KINDS = ("plain", "none", "fund", "foreign")
# "uncertain": the visitor gave no date, so an estimate prices each half the admission may
# fall in (see selectors.quote_alternatives).
DATE_BASES = ("given", "board_meeting", "today", "admission", "uncertain")

# The line itself is the register's (members.smb_line), so a 変更届 can say a change of
# capital or parent share crosses it.


def tier_name(tier: str, language: str) -> str:
    """The tier's name (members.choices.Tier) in Japanese or English."""
    return label_in(Tier, tier, language)


CAPITAL_KIND_LABELS = {
    "none": ("資本金のない法人（大学・社団法人等）", "an organisation without share capital"),
    "fund": ("資本金ではなく基金を持つ法人（相互会社等）", "an organisation with a fund (基金)"),
    "foreign": ("外貨建ての資本金", "share capital in a foreign currency"),
}


@dataclass(frozen=True)
class ScheduleEntry:
    tier: str
    effective_from: datetime.date
    admission_fee: int
    annual_fee_first_half: int
    annual_fee_second_half: int


@dataclass(frozen=True)
class Reason:
    ja: str
    en: str

    def text(self, language: str | None) -> str:
        return self.en if (language or "").startswith("en") else self.ja


@dataclass(frozen=True)
class FeeQuote:
    tier: str
    half: Half
    fiscal_year: int
    admission_date: datetime.date
    date_basis: str
    admission_fee: int
    annual_fee: int
    total: int
    reasons: tuple[Reason, ...]
    schedule_effective_from: datetime.date | None = None
    # What the member pays each later year: the full-year (first-half) amount in force on
    # the first day of the next fiscal year, invoiced each October.
    next_year_annual_fee: int = 0

    @property
    def is_fee_free(self) -> bool:
        """Experts pay nothing, now or later: no half, no next year, no estimate."""
        return self.tier == EXPERT

    @property
    def tier_label(self) -> str:
        return tier_name(self.tier, "ja")

    @property
    def tier_label_en(self) -> str:
        return tier_name(self.tier, "en")

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def half_label(self) -> str:
        return half_label(self.half)

    @property
    def reasons_ja(self) -> list[str]:
        return [reason.ja for reason in self.reasons]

    @property
    def reasons_en(self) -> list[str]:
        return [reason.en for reason in self.reasons]


class NoScheduleError(ValueError):
    """No fee schedule is in force on the date asked for."""

    def __init__(self, *, tier: str, on: datetime.date):
        self.tier = tier
        self.on = on
        super().__init__(f"No fee schedule for tier {tier!r} is in force on {on.isoformat()}.")


def _jdate(d: datetime.date) -> str:
    return date_ja(d)


def _edate(d: datetime.date) -> str:
    return date_en(d)


def _yen(amount: int) -> str:
    return f"¥{amount:,}"


def _percent(ratio: Decimal) -> str:
    text = f"{ratio.normalize():f}"
    return f"{text}%"


def schedule_in_force(
    *, tier: str, on: datetime.date, schedule: Sequence[ScheduleEntry]
) -> ScheduleEntry:
    """The tier's entry with the latest effective_from on or before the date."""
    candidates = [e for e in schedule if e.tier == tier and e.effective_from <= on]
    if not candidates:
        raise NoScheduleError(tier=tier, on=on)
    return max(candidates, key=lambda e: e.effective_from)


def _as_ratio(parent_ratio) -> Decimal | None:
    if parent_ratio is None:
        return None
    try:
        ratio = parent_ratio if isinstance(parent_ratio, Decimal) else Decimal(str(parent_ratio))
    except InvalidOperation:
        raise ValueError(f"parent_ratio is not a number: {parent_ratio!r}")
    if not ratio.is_finite() or ratio < 0 or ratio > 100:
        raise ValueError(f"parent_ratio must be between 0 and 100, not {parent_ratio!r}")
    return ratio


def _decide_tier(
    *,
    category: str,
    capital: int | None,
    ratio: Decimal | None,
    capital_kind: str,
    manual_tier: str | None,
) -> tuple[str, Reason]:
    if manual_tier is not None:
        ja, en = tier_name(manual_tier, "ja"), tier_name(manual_tier, "en")
        return manual_tier, Reason(
            ja=f"事務局が会員区分を手動で「{ja}」に設定しています。",
            en=f"The secretariat has set the tier by hand to {en}.",
        )
    if category == EXPERT:
        return EXPERT, Reason(
            ja="有識者会員（理事又は監事の推薦を受けた個人）には入会費・年会費はかかりません。",
            en="Expert members (individuals recommended by a director or the auditor) "
            "pay no admission or annual fee.",
        )
    if capital_kind != "plain":
        ja, en = CAPITAL_KIND_LABELS[capital_kind]
        return REGULAR, Reason(
            ja=f"{ja}のため、事務局が区分を確認するまでは正会員（通常枠）として計算しています。"
            "事務局が区分を手動で設定することがあります。",
            en=f"As {en}, the quote uses the regular tier until the secretariat "
            "sets the tier by hand.",
        )
    if capital is None:
        return REGULAR, Reason(
            ja="資本金が入力されていないため、正会員（通常枠）として計算しています。",
            en="No share capital was given, so the quote uses the regular tier.",
        )
    if capital > SMB_CAPITAL_LIMIT:
        return REGULAR, Reason(
            ja=f"資本金{capital:,}円は1億円を超えるため、正会員（通常枠）です。",
            en=f"Share capital of ¥{capital:,} is over ¥100,000,000, so the tier is regular.",
        )
    if ratio is not None and ratio > PARENT_RATIO_LIMIT:
        return REGULAR, Reason(
            ja=f"資本金{capital:,}円は1億円以下ですが、親会社の出資比率{_percent(ratio)}が"
            "50%を超えるため、正会員（通常枠）です。",
            en=f"Share capital of ¥{capital:,} is ¥100,000,000 or less, but the parent "
            f"company holds {_percent(ratio)}, more than 50%, so the tier is regular.",
        )
    if ratio:
        return SMB, Reason(
            ja=f"資本金{capital:,}円は1億円以下で、親会社の出資比率{_percent(ratio)}は"
            "50%以下のため、正会員（SMB・スタートアップ枠）です。",
            en=f"Share capital of ¥{capital:,} is ¥100,000,000 or less and the parent "
            f"company holds {_percent(ratio)}, not more than 50%, so the tier is SMB/startup.",
        )
    return SMB, Reason(
        ja=f"資本金{capital:,}円は1億円以下のため、正会員（SMB・スタートアップ枠）です。",
        en=f"Share capital of ¥{capital:,} is ¥100,000,000 or less, so the tier is SMB/startup.",
    )


def _date_reason(admission_date: datetime.date, date_basis: str) -> Reason:
    ja, en = _jdate(admission_date), _edate(admission_date)
    if date_basis == "board_meeting":
        return Reason(
            ja=f"入会日は入会を承認する理事会の開催日です。次回の理事会（{ja}）を入会日として"
            "計算しています。",
            en="The admission date is the day of the board meeting that approves the "
            f"application; the quote uses the next board meeting, {en}.",
        )
    if date_basis == "today":
        return Reason(
            ja=f"入会予定日の指定がなく、次回の理事会の日程も未定のため、本日（{ja}）を"
            "入会日として計算しています。",
            en="No admission date was given and no board meeting is scheduled, "
            f"so the quote uses today, {en}.",
        )
    if date_basis == "uncertain":
        return Reason(
            ja=f"入会日が未定のため、{ja}に入会する場合として計算しています。",
            en=f"The admission date is not known yet; the quote assumes {en}.",
        )
    if date_basis == "admission":
        return Reason(
            ja=f"入会を承認した理事会の開催日（{ja}）を入会日として計算しています。",
            en=f"The quote uses the day of the board meeting that approved the admission, {en}.",
        )
    return Reason(
        ja=f"指定された入会予定日（{ja}）を入会日として計算しています。",
        en=f"The quote uses the admission date given, {en}.",
    )


def calculate_fee(
    *,
    category: str,
    capital: int | None,
    parent_ratio: Decimal | None,
    admission_date: datetime.date,
    schedule: Sequence[ScheduleEntry],
    capital_kind: str = "plain",
    manual_tier: str | None = None,
    date_basis: str = "given",
) -> FeeQuote:
    """The admission fee and the first year's annual fee for a joining member.

    Raises ValueError on an argument outside its domain, NoScheduleError when no schedule
    is in force on the admission date.
    """
    if category not in CATEGORIES:
        raise ValueError(f"Unknown category: {category!r}")
    if capital_kind not in CAPITAL_KINDS:
        raise ValueError(f"Unknown capital kind: {capital_kind!r}")
    if manual_tier is not None and manual_tier not in TIERS:
        raise ValueError(f"Unknown tier: {manual_tier!r}")
    if date_basis not in DATE_BASES:
        raise ValueError(f"Unknown date basis: {date_basis!r}")
    if capital is not None and (isinstance(capital, bool) or int(capital) != capital):
        raise ValueError(f"capital must be an integer of yen, not {capital!r}")
    if capital is not None and capital < 0:
        raise ValueError(f"capital must not be negative, not {capital!r}")
    ratio = _as_ratio(parent_ratio)

    tier, tier_reason = _decide_tier(
        category=category,
        capital=None if capital is None else int(capital),
        ratio=ratio,
        capital_kind=capital_kind,
        manual_tier=manual_tier,
    )
    half = fiscal_half(admission_date)
    fy = fiscal_year(admission_date)
    entry = schedule_in_force(tier=tier, on=admission_date, schedule=schedule)
    annual = entry.annual_fee_first_half if half is Half.FIRST else entry.annual_fee_second_half
    admission_fee = entry.admission_fee
    total = admission_fee + annual

    half_reason = Reason(
        ja=f"入会日{_jdate(admission_date)}は{fiscal_year_label(fy)}の{half_label(half)}"
        f"のため、年会費は{'上期' if half is Half.FIRST else '下期'}入会の金額です。",
        en=f"The admission date, {_edate(admission_date)}, falls in the {half_label_en(half)} "
        f"of fiscal year {fy}, so the annual fee is the {half.value}-half amount.",
    )
    schedule_reason = Reason(
        ja=f"{_jdate(entry.effective_from)}から適用の会費表により、入会費{_yen(admission_fee)}、"
        f"年会費{_yen(annual)}、合計{_yen(total)}です。",
        en=f"Under the fee schedule in force from {_edate(entry.effective_from)}: admission "
        f"fee {_yen(admission_fee)}, annual fee {_yen(annual)}, total {_yen(total)}.",
    )
    reasons = (tier_reason, half_reason, _date_reason(admission_date, date_basis), schedule_reason)
    if tier == EXPERT:
        # Nothing to pay, ever: the half, the date and the schedule explain nothing.
        reasons = (tier_reason,)
    return FeeQuote(
        tier=tier,
        half=half,
        fiscal_year=fy,
        admission_date=admission_date,
        date_basis=date_basis,
        admission_fee=admission_fee,
        annual_fee=annual,
        total=total,
        reasons=reasons,
        schedule_effective_from=entry.effective_from,
        next_year_annual_fee=annual_fee_for_year(tier=tier, fiscal_year=fy + 1, schedule=schedule),
    )


def annual_fee_for_year(*, tier: str, fiscal_year: int, schedule: Sequence[ScheduleEntry]) -> int:
    """A later fiscal year's annual fee: the full (first-half) amount in force on its first day."""
    if tier not in TIERS:
        raise ValueError(f"Unknown tier: {tier!r}")
    entry = schedule_in_force(tier=tier, on=fiscal_year_start(fiscal_year), schedule=schedule)
    return entry.annual_fee_first_half
