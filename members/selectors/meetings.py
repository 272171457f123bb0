"""Board meetings as billing and the joining flow ask for them."""

from __future__ import annotations

import datetime

from members.models import BoardMeeting


def next_planned_meeting(*, on_or_after: datetime.date, exclude_id: int | None = None):
    qs = BoardMeeting.objects.filter(status=BoardMeeting.Status.PLANNED, date__gte=on_or_after)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.order_by("date", "id").first()


def next_board_meeting_date(after: datetime.date) -> datetime.date | None:
    """The date of the next planned board meeting on or after `after` (billing's quotes)."""
    meeting = next_planned_meeting(on_or_after=after)
    return meeting.date if meeting else None
