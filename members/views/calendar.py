"""The board's private calendar: the feed a director's calendar application subscribes to,
and the page where the director gets its address (shown once) or resets it."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from aiga.feeds import (
    FeedEvent,
    calendar_response,
    feed_token_for,
    feed_token_issue,
    feed_token_user,
)
from members.models import BoardMeeting
from members.roles import BOARD, group_required, is_board
from members.selectors.board import board_calendar_meetings

FEED_KIND = "board_meetings"


def _board_url() -> str:
    try:
        return settings.SITE_URL + reverse("admissions:board_home")
    except NoReverseMatch:
        return ""


def meeting_event(meeting: BoardMeeting, *, url: str) -> FeedEvent:
    written = meeting.kind == BoardMeeting.Kind.WRITTEN
    summary = meeting.title or (
        _("第%(number)s回理事会（書面決議）") if written else _("第%(number)s回理事会")
    ) % {"number": meeting.number}
    lines = [
        f"{_('形式')}: {meeting.get_kind_display()}",
        f"{_('状態')}: {meeting.get_status_display()}",
    ]
    return FeedEvent(
        uid=f"board-meeting-{meeting.pk}",
        start=meeting.date,
        summary=summary,
        description="\n".join(lines),
        url=url,
    )


@require_safe
def board_calendar_feed(request, token: str):
    user = feed_token_user(kind=FEED_KIND, raw=token)
    if user is None or not is_board(user):
        raise Http404
    url = _board_url()
    meetings = board_calendar_meetings(today=timezone.localdate())
    return calendar_response(
        [meeting_event(m, url=url) for m in meetings], name=_("AIガバナンス協会 理事会")
    )


def feed_url(raw: str) -> str:
    return settings.SITE_URL + reverse("members:board_calendar_feed", args=[raw])


@never_cache
@require_http_methods(["GET", "POST"])
@group_required(BOARD)
def board_calendar(request):
    """GET: whether the director has an address. POST: a new one (any earlier one stops
    working), shown on this response only: only its hash is kept."""
    new_url = ""
    if request.method == "POST":
        new_url = feed_url(feed_token_issue(user=request.user, kind=FEED_KIND))
    return render(
        request,
        "members/board_calendar.html",
        {
            "token": feed_token_for(user=request.user, kind=FEED_KIND),
            "new_url": new_url,
            "webcal_url": new_url.replace("https://", "webcal://", 1)
            if new_url.startswith("https://")
            else "",
        },
    )
