"""The demo's board: a meeting held on the latest working day with applications a director
can decide now, and meetings planned around the 15th of the coming months."""

import datetime
import io
from unittest import mock
from zoneinfo import ZoneInfo

import jpholiday
import pytest
from django.core.management import call_command

from members.admissions.models import AgendaItem
from members.admissions.services.board import board_decision_record
from members.admissions.services.review import groups_of
from members.meeting_dates import (
    is_working_day,
    monthly_meeting_date,
    next_monthly_meeting_dates,
    working_day_on_or_before,
)
from members.models import BoardMeeting, User

D = datetime.date
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 11, 20), True),  # Friday
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 11, 22), False),  # Sunday
        (D(2026, 11, 23), False),  # 勤労感謝の日 (a Monday)
        (D(2026, 12, 28), True),  # the last day before the year-end closure
        (D(2026, 12, 29), False),  # year-end closure (a Tuesday)
        (D(2026, 12, 31), False),
        (D(2027, 1, 1), False),  # 元日
        (D(2027, 1, 4), True),  # Monday, the office reopens
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 20), D(2026, 11, 20)),
        (D(2026, 11, 22), D(2026, 11, 20)),
        (D(2026, 11, 23), D(2026, 11, 20)),
        (D(2026, 12, 28), D(2026, 12, 28)),
        (D(2027, 1, 3), D(2026, 12, 28)),
    ],
)
def test_latest_working_day(today, expected):
    assert working_day_on_or_before(today) == expected


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2027, 1, D(2027, 1, 15)),  # a Friday
        (2026, 11, D(2026, 11, 16)),  # the 15th is a Sunday
        (2026, 8, D(2026, 8, 17)),  # the 15th is a Saturday
        (2025, 9, D(2025, 9, 16)),  # the 15th is 敬老の日
    ],
)
def test_monthly_meeting_date(year, month, expected):
    assert monthly_meeting_date(year, month) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 12, 3), [D(2026, 12, 15), D(2027, 1, 15), D(2027, 2, 15)]),
        (D(2026, 12, 15), [D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15)]),
        (D(2026, 11, 23), [D(2026, 12, 15), D(2027, 1, 15), D(2027, 2, 15)]),
    ],
)
def test_next_monthly_meeting_dates(today, expected):
    assert next_monthly_meeting_dates(today, 3) == expected


def _frozen(day: datetime.date):
    now = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TOKYO)
    return mock.patch("django.utils.timezone.now", return_value=now), now


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "held_on", "planned_on"),
    [
        (D(2026, 11, 22), D(2026, 11, 20), [D(2026, 12, 15), D(2027, 1, 15), D(2027, 2, 15)]),
        (D(2026, 11, 23), D(2026, 11, 20), [D(2026, 12, 15), D(2027, 1, 15), D(2027, 2, 15)]),
        (D(2026, 12, 28), D(2026, 12, 28), [D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15)]),
        (D(2027, 1, 3), D(2026, 12, 28), [D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15)]),
    ],
)
def test_seed_demo_gives_the_director_something_to_decide_today(today, held_on, planned_on):
    patch, now = _frozen(today)
    with patch:
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())  # idempotent

        held = BoardMeeting.objects.get(status=BoardMeeting.Status.HELD)
        assert held.date == held_on
        assert held.date.weekday() < 5 and not jpholiday.is_holiday(held.date)
        planned = list(
            BoardMeeting.objects.filter(status=BoardMeeting.Status.PLANNED).order_by("date")
        )
        assert [m.date for m in planned] == planned_on
        for meeting in planned:
            assert meeting.date.weekday() < 5
            assert not jpholiday.is_holiday(meeting.date)
        # Numbered in date order.
        numbers = [m.number for m in BoardMeeting.objects.order_by("date")]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)

        pending = list(held.agenda.filter(outcome=AgendaItem.Outcome.PENDING))
        assert len(pending) >= 2
        director = User.objects.get(email="riji@example.jp")
        for item, decision in zip(pending, ["approve", "reject"], strict=False):
            recorded = board_decision_record(
                application_id=item.application_id,
                decision=decision,
                actor=director,
                actor_groups=groups_of(director),
                now=now,
            )
            assert recorded.meeting == held
            assert recorded.admission_date == held_on
            assert not recorded.on_behalf_of_board
