"""When a round opens, closes and reminds (pure: the day is an argument)."""

import datetime

import pytest

from navi import round_dates

CLOSES = datetime.date(2026, 12, 20)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 12, 12), None),  # 8 days before
        (datetime.date(2026, 12, 13), 7),
        (datetime.date(2026, 12, 18), 7),  # a beat that missed the 13th still owes it
        (datetime.date(2026, 12, 19), 1),
        (datetime.date(2026, 12, 20), 1),  # the closing day itself
        (datetime.date(2026, 12, 21), None),  # closed
    ],
)
def test_the_reminder_owed_on_a_day(today, expected):
    assert round_dates.reminder_due(closes_on=CLOSES, today=today) == expected


@pytest.mark.parametrize(
    ("status", "today", "opens", "closes"),
    [
        ("scheduled", datetime.date(2026, 11, 30), False, False),
        ("scheduled", datetime.date(2026, 12, 1), True, False),
        ("open", datetime.date(2026, 12, 20), False, False),  # open all the closing day
        ("open", datetime.date(2026, 12, 21), False, True),
        ("closed", datetime.date(2026, 12, 21), False, False),
    ],
)
def test_opening_and_closing_on_the_dates(status, today, opens, closes):
    opens_on = datetime.date(2026, 12, 1)
    assert round_dates.should_open(status=status, opens_on=opens_on, today=today) is opens
    assert round_dates.should_close(status=status, closes_on=CLOSES, today=today) is closes


def test_the_close_is_the_end_of_the_closing_day_in_tokyo():
    moment = round_dates.closing_moment(CLOSES)
    assert moment.isoformat() == "2026-12-21T00:00:00+09:00"
    assert moment.astimezone(datetime.UTC).isoformat() == "2026-12-20T15:00:00+00:00"
