"""The board's private calendar: a director issues (and resets) the feed's address at
/board/calendar/ and subscribes to /board/calendar/<token>.ics, which lists the board's
meetings from a year back; nobody else's address or a stale one opens anything."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from aiga.models import FeedToken
from members.models import BoardMeeting
from members.roles import BOARD, SECRETARIAT
from tests.factories import UserFactory, member_user

pytestmark = pytest.mark.django_db
SITE = "https://members.example.org"
FEED = re.compile(r"https://members\.example\.org/board/calendar/([\w-]+)\.ics")


def director(**kwargs):
    return UserFactory(groups=[BOARD], **kwargs)


def meeting(days_from_today: int, **kwargs) -> BoardMeeting:
    return BoardMeeting.objects.create(
        date=timezone.localdate() + datetime.timedelta(days=days_from_today), **kwargs
    )


def issue(client, user) -> str:
    """The feed's address, as the page shows it once after the button is pressed."""
    client.force_login(user)
    response = client.post("/board/calendar/")
    assert response.status_code == 200
    return FEED.search(response.content.decode()).group(0)


def path_of(url: str) -> str:
    return url.removeprefix(SITE)


@override_settings(SITE_URL=SITE)
def test_a_director_issues_the_address_and_is_told_how_to_subscribe(client):
    user = director()
    client.force_login(user)
    page = client.get("/board/calendar/")
    assert page.status_code == 200
    assert "まだカレンダーのURLを発行していません。" in page.content.decode()
    assert FEED.search(page.content.decode()) is None

    response = client.post("/board/calendar/")
    html = response.content.decode()
    assert "Googleカレンダー・Outlook等で『URLで追加』してください" in html
    assert "no-store" in response["Cache-Control"]
    raw = FEED.search(html).group(1)
    assert f'href="webcal://members.example.org/board/calendar/{raw}.ics"' in html
    token = FeedToken.objects.get(user=user)
    assert raw not in token.token_hash and token.kind == "board_meetings"

    again = client.get("/board/calendar/").content.decode()
    assert FEED.search(again) is None  # only the hash is kept: the address is not shown again
    assert "カレンダーのURLは" in again and "URLを再発行する" in again


@override_settings(SITE_URL=SITE)
def test_the_feed_lists_the_board_s_meetings_from_a_year_back(client, django_assert_num_queries):
    too_old = meeting(-400, status=BoardMeeting.Status.MINUTES_APPROVED)
    held = meeting(-300, status=BoardMeeting.Status.HELD)
    planned = meeting(30, title="臨時理事会")
    written = meeting(45, kind=BoardMeeting.Kind.WRITTEN)
    url = issue(client, director())
    client.logout()  # a calendar application has no session

    with django_assert_num_queries(4):  # the token, its use, the user's groups, the meetings
        response = client.get(path_of(url))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "AIガバナンス協会 理事会"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Tokyo"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"board-meeting-{held.pk}@members.example.org",
        f"board-meeting-{planned.pk}@members.example.org",
        f"board-meeting-{written.pk}@members.example.org",
    }
    assert f"board-meeting-{too_old.pk}@members.example.org" not in events
    event = events[f"board-meeting-{planned.pk}@members.example.org"]
    assert event.decoded("DTSTART") == planned.date  # all day
    assert str(event["SUMMARY"]) == "臨時理事会"
    assert str(event["DESCRIPTION"]) == "形式: 開催\n状態: 予定"
    assert str(event["URL"]) == "https://members.example.org/board/"
    assert str(events[f"board-meeting-{written.pk}@members.example.org"]["SUMMARY"]) == (
        f"第{written.number}回理事会（書面決議）"
    )
    assert str(events[f"board-meeting-{held.pk}@members.example.org"]["SUMMARY"]) == (
        f"第{held.number}回理事会"
    )
    assert FeedToken.objects.get().last_used_at is not None


@override_settings(SITE_URL=SITE)
def test_a_reset_address_stops_working(client):
    user = director()
    first = issue(client, user)
    second = issue(client, user)
    assert first != second
    client.logout()
    assert client.get(path_of(first)).status_code == 404
    assert client.get(path_of(second)).status_code == 200


@override_settings(SITE_URL=SITE)
def test_a_wrong_address_answers_404(client):
    issue(client, director())
    client.logout()
    assert client.get("/board/calendar/not-a-token.ics").status_code == 404
    assert client.get("/board/calendar/.ics").status_code == 404


@override_settings(SITE_URL=SITE)
def test_a_former_director_s_address_answers_404(client):
    user = director()
    url = issue(client, user)
    client.logout()
    user.groups.clear()
    assert client.get(path_of(url)).status_code == 404


@override_settings(SITE_URL=SITE)
def test_a_deactivated_director_s_address_answers_404(client):
    user = director()
    url = issue(client, user)
    client.logout()
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(path_of(url)).status_code == 404


def test_only_directors_have_the_page(client):
    response = client.get("/board/calendar/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(member_user())
    assert client.get("/board/calendar/").status_code == 403
    assert client.post("/board/calendar/").status_code == 403
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    assert client.get("/board/calendar/").status_code == 403
    assert not FeedToken.objects.exists()


def test_the_card_links_to_the_page():
    html = render_to_string("members/_board_calendar_card.html")
    assert 'href="/board/calendar/"' in html
    assert "理事会カレンダー" in html
