"""Private calendar feeds: a secret address per user and kind of feed (the board's meetings,
later events), and the iCalendar document a calendar application subscribes to.

The address is the only credential a calendar application can carry, so it is long and
random, stored as a hash (shown once, when issued) and replaced when issued again.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from aiga.audit import audit_log
from aiga.models import FeedToken
from aiga.tokens import hash_token

TOKYO = ZoneInfo("Asia/Tokyo")
PRODID = "-//AI Governance Association//Membership//JA"


@dataclass(frozen=True)
class FeedEvent:
    """One event of a feed. `uid` is stable for the object (`board-meeting-12`); the site's
    host is added to it. `start` is a date (an all-day event) or an aware datetime."""

    uid: str
    start: datetime.date | datetime.datetime
    summary: str
    description: str = ""
    url: str = ""
    end: datetime.date | datetime.datetime | None = None
    location: str = ""


def feed_token_issue(*, user, kind: str) -> str:
    """A new secret address for the user's feed of this kind; any earlier one stops working.
    Returns the raw token, which is never stored."""
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced = FeedToken.objects.filter(user=user, kind=kind).delete()[0] > 0
        FeedToken.objects.create(user=user, kind=kind, token_hash=hash_token(raw))
        audit_log(
            actor=user,
            action="feed_token.reset" if replaced else "feed_token.issue",
            target=user,
            data={"kind": kind},
        )
    return raw


def feed_token_for(*, user, kind: str) -> FeedToken | None:
    """The user's current token of this kind (its dates; the address itself is not kept)."""
    return FeedToken.objects.filter(user=user, kind=kind).first()


def feed_token_user(*, kind: str, raw: str):
    """The active user whose feed of this kind the token opens, or None."""
    if not raw:
        return None
    token = (
        FeedToken.objects.select_related("user")
        .filter(kind=kind, token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    FeedToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _when(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(TOKYO)
    return value


def calendar_build(events: Iterable[FeedEvent], *, name: str, stamp=None) -> bytes:
    """The iCalendar document (RFC 5545) of the events, in Japan time."""
    stamp = stamp or timezone.now()
    host = site_host()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp.astimezone(datetime.UTC))
        event.add("dtstart", _when(item.start))
        if item.end is not None:
            event.add("dtend", _when(item.end))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        if item.location:
            event.add("location", item.location)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(events: Iterable[FeedEvent], *, name: str, stamp=None) -> HttpResponse:
    """The feed as a calendar application fetches it: private to its address, never cached
    by a shared cache."""
    response = HttpResponse(
        calendar_build(events, name=name, stamp=stamp), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["X-Robots-Tag"] = "noindex"
    return response
