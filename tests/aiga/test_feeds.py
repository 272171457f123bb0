"""The token-feed helper: a secret address per user and kind (hash only, reset by issuing
again, active users only) and the iCalendar document calendar applications read."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from icalendar import Calendar

from aiga.feeds import (
    FeedEvent,
    calendar_response,
    feed_token_for,
    feed_token_issue,
    feed_token_user,
)
from aiga.models import AuditEntry, FeedToken
from aiga.tokens import hash_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
STAMP = datetime.datetime(2026, 3, 1, 0, 0, tzinfo=datetime.UTC)


def test_issue_stores_only_the_hash_and_opens_the_feed_of_its_kind():
    user = UserFactory()
    raw = feed_token_issue(user=user, kind="board_meetings")
    assert len(raw) >= 40
    token = FeedToken.objects.get()
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert token.last_used_at is None
    assert feed_token_user(kind="board_meetings", raw=raw) == user
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert feed_token_user(kind="events", raw=raw) is None  # another kind of feed
    assert feed_token_user(kind="board_meetings", raw="") is None
    assert feed_token_user(kind="board_meetings", raw=raw + "x") is None
    assert AuditEntry.objects.get(action__startswith="feed_token").action == "feed_token.issue"


def test_issuing_again_resets_the_address():
    user = UserFactory()
    first = feed_token_issue(user=user, kind="board_meetings")
    second = feed_token_issue(user=user, kind="board_meetings")
    assert first != second
    assert feed_token_user(kind="board_meetings", raw=first) is None
    assert feed_token_user(kind="board_meetings", raw=second) == user
    assert FeedToken.objects.count() == 1
    assert feed_token_for(user=user, kind="board_meetings").token_hash == hash_token(second)
    entries = AuditEntry.objects.filter(action__startswith="feed_token").order_by("id")
    assert list(entries.values_list("action", flat=True)) == [
        "feed_token.issue",
        "feed_token.reset",
    ]


def test_each_kind_has_its_own_address():
    user = UserFactory()
    board = feed_token_issue(user=user, kind="board_meetings")
    events = feed_token_issue(user=user, kind="events")
    assert feed_token_user(kind="board_meetings", raw=board) == user
    assert feed_token_user(kind="events", raw=events) == user


def test_a_deactivated_user_s_address_opens_nothing():
    user = UserFactory()
    raw = feed_token_issue(user=user, kind="board_meetings")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert feed_token_user(kind="board_meetings", raw=raw) is None


@override_settings(SITE_URL="https://members.example.org")
def test_calendar_response_is_a_private_icalendar_in_japan_time():
    response = calendar_response(
        [
            FeedEvent(
                uid="board-meeting-12",
                start=datetime.date(2026, 4, 15),
                summary="第12回理事会",
                description="形式: 開催",
                url="https://members.example.org/board/",
            ),
            FeedEvent(
                uid="event-3",
                start=datetime.datetime(2026, 4, 20, 5, 0, tzinfo=datetime.UTC),
                end=datetime.datetime(2026, 4, 20, 7, 0, tzinfo=datetime.UTC),
                summary="会員向け勉強会",
            ),
        ],
        name="AIガバナンス協会 理事会",
        stamp=STAMP,
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    text = response.content.decode()
    assert "PRODID:-//AI Governance Association//Membership//JA" in text
    assert "X-WR-CALNAME:AIガバナンス協会 理事会" in text
    assert "X-WR-TIMEZONE:Asia/Tokyo" in text
    assert "UID:board-meeting-12@members.example.org" in text
    assert "DTSTART;VALUE=DATE:20260415" in text
    assert "DTSTAMP:20260301T000000Z" in text
    assert "DTSTART;TZID=Asia/Tokyo:20260420T140000" in text
    assert "DTEND;TZID=Asia/Tokyo:20260420T160000" in text
    assert "URL:https://members.example.org/board/" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Asia/Tokyo" in text

    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["第12回理事会", "会員向け勉強会"]
    assert events[0].decoded("DTSTART") == datetime.date(2026, 4, 15)
    assert events[1].decoded("DTSTART") == datetime.datetime(2026, 4, 20, 14, 0, tzinfo=TOKYO)
    assert str(events[0]["DESCRIPTION"]) == "形式: 開催"


def test_an_empty_calendar_is_still_a_calendar():
    response = calendar_response([], name="空", stamp=STAMP)
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "空"
