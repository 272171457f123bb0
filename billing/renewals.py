"""Who the yearly renewal run (年会費請求) invoices, and when an unpaid invoice is reminded.

Pure: no database, no clock. Every date comes in as an argument.

The renewal of fiscal year FY (1 October FY to 30 September FY+1) invoices each member
whose membership runs into the year, for the tier's full-year fee in force on 1 October.
Left out, in this order of precedence:
- experts (有識者会員): they pay no fees;
- members admitted on or after 1 October: their first invoice already covers the year;
- members whose membership ended, or whose withdrawal takes effect, before 1 October;
- organisations holding an imported invoice of the year (billing.LegacyInvoice).
A member approved but not yet paid (no member number yet) whose admission date is before
1 October is invoiced: the membership runs into the year all the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from billing.fees import EXPERT
from billing.fiscal import fiscal_year_start

EXCLUDED_EXPERT = "expert"
EXCLUDED_ADMITTED = "admitted_in_year"
EXCLUDED_ENDED = "ended"
EXCLUDED_WITHDRAWAL = "withdrawal"
EXCLUDED_LEGACY = "legacy_invoice"

EXCLUSION_LABELS = {
    EXCLUDED_EXPERT: _("有識者会員（会費なし）"),
    EXCLUDED_ADMITTED: _("10月1日以降の入会（初回の請求書で請求済み）"),
    EXCLUDED_ENDED: _("10月1日より前に会員資格が終了"),
    EXCLUDED_WITHDRAWAL: _("10月1日より前に退会"),
    EXCLUDED_LEGACY: _("移行前の請求書で請求済み"),
}


@dataclass(frozen=True)
class MemberFacts:
    """What the rule needs to know of one organisation's latest membership."""

    tier: str
    admission_date: datetime.date
    end_date: datetime.date | None = None
    ended: bool = False  # the membership's status is 終了
    withdrawal_effective: datetime.date | None = None  # an open or completed 退会届
    has_legacy_invoice: bool = False


def renewal_exclusion(facts: MemberFacts, *, fiscal_year: int) -> str | None:
    """None when the member is invoiced for the year; else why not (EXCLUDED_*)."""
    first_day = fiscal_year_start(fiscal_year)
    if facts.tier == EXPERT:
        return EXCLUDED_EXPERT
    if facts.admission_date >= first_day:
        return EXCLUDED_ADMITTED
    if facts.withdrawal_effective is not None and facts.withdrawal_effective < first_day:
        return EXCLUDED_WITHDRAWAL
    if (facts.end_date is not None and facts.end_date < first_day) or (
        facts.ended and facts.end_date is None
    ):
        return EXCLUDED_ENDED
    if facts.has_legacy_invoice:
        return EXCLUDED_LEGACY
    return None


# ---------------------------------------------------------------- reminders (督促)

STEP_FIRST = "first"
STEP_SECOND = "second"
STEP_CALL = "call"
STEPS = (STEP_FIRST, STEP_SECOND, STEP_CALL)


@dataclass(frozen=True)
class ReminderSchedule:
    """Days after the due date at which each step falls due (settings.BILLING_REMINDER_*)."""

    first_days: int = 7
    second_days: int = 30
    call_days: int = 45

    def __post_init__(self):
        if not 0 < self.first_days < self.second_days < self.call_days:
            raise ValueError("Reminder steps must come one after another.")

    def threshold(self, step: str) -> int:
        return {
            STEP_FIRST: self.first_days,
            STEP_SECOND: self.second_days,
            STEP_CALL: self.call_days,
        }[step]


def reminder_step_due(
    *,
    due_date: datetime.date,
    today: datetime.date,
    sent: frozenset[str] | set[str],
    schedule: ReminderSchedule,
) -> str | None:
    """The step to take today for an unpaid invoice, or None.

    The latest step whose day has come, unless it or a later one was already taken: a beat
    that missed a few days sends the second reminder, not the first and second together."""
    days = (today - due_date).days
    due = [step for step in STEPS if days >= schedule.threshold(step)]
    if not due:
        return None
    latest = due[-1]
    if any(step in sent for step in STEPS[STEPS.index(latest) :]):
        return None
    return latest


# ---------------------------------------------------------------- ageing of overdue amounts

AGE_BUCKETS = (
    ("1-30", 1, 30, _("30日以内")),
    ("31-60", 31, 60, _("31〜60日")),
    ("61-90", 61, 90, _("61〜90日")),
    ("91+", 91, None, _("91日以上")),
)


def age_bucket(days_overdue: int) -> str | None:
    """The bucket of an amount overdue by so many days (None when it is not overdue)."""
    for key, low, high, _label in AGE_BUCKETS:
        if days_overdue >= low and (high is None or days_overdue <= high):
            return key
    return None
