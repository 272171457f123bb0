"""An event as a calendar entry (aiga.feeds): timed, or all-day when only its date is known."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.feeds import FeedEvent
from events.models import Event

FEED_KIND = "events"


def event_location(event: Event) -> str:
    parts = [event.venue] if event.venue else []
    if event.is_online:
        parts.append(_("オンライン"))
    return " / ".join(parts)


def feed_event(event: Event, *, url_name: str) -> FeedEvent:
    """The entry links to the event's page; the meeting URL stays on that page, for the
    registered only."""
    if event.time_unconfirmed:
        start, end = timezone.localtime(event.starts_at).date(), None
    else:
        start, end = event.starts_at, event.ends_at
    lines = [event.kind.label]
    if event.summary:
        lines.append(event.summary)
    return FeedEvent(
        uid=f"event-{event.pk}",
        start=start,
        end=end,
        summary=event.display_title,
        description="\n".join(lines),
        url=settings.SITE_URL + reverse(url_name, args=[event.pk]),
        location=event_location(event),
    )


def url_name_for(event: Event) -> str:
    """Public events have a public page; the others' page is in the member portal."""
    return "events:detail" if event.audience == "public" else "events_portal:detail"
