"""When a withdrawal (退会) takes effect. Pure: every input is an argument, today included.

The association's 会員規程 decides; settings.MEMBERSHIP_WITHDRAWAL_RULE names the rule
(README: 「退会」). The effective date is the membership's last day."""

from __future__ import annotations

import datetime

from aiga.fiscal import fiscal_year, fiscal_year_end

FISCAL_YEAR_END = "fiscal_year_end"  # the end of the fiscal year in which notice is given
WISHED_DATE = "wished_date"  # the member's wished date (not before the notice)
RULES = (FISCAL_YEAR_END, WISHED_DATE)


def withdrawal_effective_date(
    *, notice_on: datetime.date, wished_on: datetime.date | None, rule: str = FISCAL_YEAR_END
) -> datetime.date:
    """The last day of membership for a notice given on `notice_on`.

    FISCAL_YEAR_END: 30 September of the fiscal year of the notice (a notice on 30 September
    ends that day; one on 1 October runs to the next 30 September); a wished date after that
    moves it to the end of the wished date's fiscal year. Paid fees are not refunded, so no
    rule ends a membership inside a year it paid for before its end.
    WISHED_DATE: the wished date, or the notice's day when none (or an earlier one) is given.
    """
    if rule == WISHED_DATE:
        return max(wished_on or notice_on, notice_on)
    if rule != FISCAL_YEAR_END:
        raise ValueError(f"Unknown withdrawal rule {rule!r}")
    end = fiscal_year_end(fiscal_year(notice_on))
    if wished_on is not None and wished_on > end:
        return fiscal_year_end(fiscal_year(wished_on))
    return end
