"""Each events e-mail renders in Japanese with English below, from the raw values the outbox
stores: dates as people write them, the meeting URL only when given, the materials listed."""

import pytest

from aiga.mail import render_message
from events.emails import TEMPLATES

pytestmark = pytest.mark.django_db

CONTEXT = {
    "addressee": "架空商事株式会社 山田 太郎 様",
    "person": "山田 太郎",
    "event_title": "AI GA Spotlight #7 テスト",
    "event_title_en": "AI GA Spotlight #7 Test",
    "starts_at": "2027-01-20T06:00:00+00:00",
    "ends_at": "2027-01-20T07:00:00+00:00",
    "venue": "",
    "is_online": True,
    "meeting_url": "https://meet.example.jp/x",
    "event_url": "https://aiga.example.jp/portal/events/1/",
    "confirm_url": "https://aiga.example.jp/events/confirm/abc/",
    "materials": [{"title": "スライド", "url": "https://aiga.example.jp/events/materials/1/"}],
    "organisation": "架空商事株式会社",
    "position": 2,
    "count": 3,
}


@pytest.mark.parametrize("key", [t.key for t in TEMPLATES])
def test_each_events_e_mail_renders(key):
    subject, body = render_message(key, CONTEXT, "ja")
    assert "{{" not in subject + body and "{%" not in body
    assert "2027年1月20日" in body  # 15:00 in Tokyo, as people write it
    assert "English follows" in body
    assert "架空商事株式会社 山田 太郎 様" in body


def test_without_a_meeting_url_no_url_line_is_written():
    _, body = render_message("events.registration_waitlisted", {**CONTEXT, "meeting_url": ""}, "ja")
    assert "参加URL" not in body and "meet.example.jp" not in body


def test_the_thanks_list_the_materials():
    _, body = render_message("events.thank_you", CONTEXT, "ja")
    assert "・スライド：https://aiga.example.jp/events/materials/1/" in body


def test_a_guest_is_thanked_for_registering_rather_than_greeted_as_a_regular():
    _, guest = render_message("events.registration_confirmed", {**CONTEXT, "is_guest": True}, "ja")
    _, member = render_message("events.registration_confirmed", CONTEXT, "ja")
    assert "いつも" not in guest and "このたびはお申込みいただき" in guest
    assert "continued support" not in guest
    assert "いつも大変お世話になっております。" in member
