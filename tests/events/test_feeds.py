"""Calendars: an .ics per event, the public feed of public events, and each member's
private feed of the events they registered for, at an unguessable address (the token-feed
helper the board's calendar uses) that a reset replaces."""

import datetime
import re

import pytest
from django.test import override_settings
from icalendar import Calendar

from aiga.models import FeedToken
from tests.events.factories import EventFactory, kind, register, soon
from tests.factories import OrganisationFactory, UserFactory, member_user

pytestmark = pytest.mark.django_db
SITE = "https://members.example.org"
FEED = re.compile(r"https://members\.example\.org/events/feed/([\w-]+)\.ics")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def issue(client, user) -> str:
    client.force_login(user)
    response = client.post("/portal/events/calendar/")
    assert response.status_code == 200
    return FEED.search(response.content.decode()).group(0).removeprefix(SITE)


@override_settings(SITE_URL=SITE)
def test_an_event_s_ics_opens_in_a_calendar_in_japan_time(client):
    event = EventFactory(kind=kind("meetup"), audience="public", title="公開Meetup", venue="東京")
    event_ics = entries(client.get(f"/events/{event.pk}.ics"))
    entry = event_ics[event.display_title]
    assert entry.decoded("dtstart") == event.starts_at
    assert str(entry["dtstart"].params["TZID"]) == "Asia/Tokyo"
    assert str(entry["location"]) == "東京"
    assert str(entry["url"]) == f"{SITE}/events/{event.pk}/"


def test_a_date_without_a_time_is_an_all_day_entry(client):
    event = EventFactory(kind=kind("meetup"), audience="public", time_unconfirmed=True)
    entry = next(iter(entries(client.get(f"/events/{event.pk}.ics")).values()))
    assert entry.decoded("dtstart") == soon().date()


def test_an_undated_event_has_no_calendar_entry(client):
    client.force_login(member_user())
    from events.models import Event

    undated = Event.objects.get(kind__key="spotlight", number=1)
    assert client.get(f"/events/{undated.pk}.ics").status_code == 404


def test_the_public_feed_lists_public_events_only(client):
    public = EventFactory(kind=kind("symposium"), audience="public", title="公開シンポ")
    EventFactory(title="会員限定")
    EventFactory(audience="invited", title="招待のみ", invited=[OrganisationFactory()])
    listed = entries(client.get("/events/calendar.ics"))
    assert public.display_title in listed
    assert "会員限定" not in listed and "招待のみ" not in listed


@override_settings(SITE_URL=SITE)
def test_the_private_feed_lists_the_events_registered_for_and_a_reset_closes_the_old(client):
    user = member_user()
    mine = EventFactory(title="登録した勉強会")
    EventFactory(title="登録していない勉強会")
    register(mine, user)
    first = issue(client, user)
    client.logout()
    listed = entries(client.get(first))
    assert list(listed) == ["登録した勉強会"]
    assert str(listed["登録した勉強会"]["url"]) == f"{SITE}/portal/events/{mine.pk}/"
    assert "meet" not in client.get(first).content.decode()  # the meeting URL stays inside
    second = issue(client, user)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert FeedToken.objects.get(user=user).kind == "events"


def test_the_private_feed_drops_an_event_the_member_may_no_longer_see(client):
    user = member_user()
    event = EventFactory(audience="invited", invited=[user.contact.organisation], title="招待")
    register(event, user)
    path = issue(client, user)
    assert "招待" in entries(client.get(path))
    event.invited_organisations.clear()
    assert "招待" not in entries(client.get(path))


def test_a_feed_address_opens_nothing_for_a_deactivated_user_or_a_guess(client):
    user = member_user()
    path = issue(client, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404
    assert client.get("/events/feed/" + "x" * 43 + ".ics").status_code == 404


def test_the_board_s_address_does_not_open_the_events_feed(client):
    from aiga.feeds import feed_token_issue

    raw = feed_token_issue(user=member_user(), kind="board_meetings")
    assert client.get(f"/events/feed/{raw}.ics").status_code == 404


def test_the_calendar_page_is_for_members_and_shows_the_address_once(client):
    client.force_login(UserFactory())
    assert client.get("/portal/events/calendar/").status_code == 403
    user = member_user()
    issue(client, user)
    page = client.get("/portal/events/calendar/").content.decode()
    assert "/events/feed/" not in page
    assert "発行済み" in page
    # When it was issued, as people write it in Tokyo time (not 2026-12-03 19:30 UTC).
    from django.utils import timezone

    from aiga.dates import date_ja

    issued = FeedToken.objects.get(user=user).created_at
    assert date_ja(timezone.localtime(issued).date()) in page
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page)
    assert client.get("/portal/events/calendar/")["Cache-Control"].count("no-store") == 1


def test_a_past_registration_over_a_year_ago_drops_out(client):
    user = member_user()
    old = EventFactory(
        title="昔の会",
        starts_at=soon(-400),
        ends_at=soon(-400) + datetime.timedelta(hours=1),
    )
    register(old, user)
    assert "昔の会" not in entries(client.get(issue(client, user)))
