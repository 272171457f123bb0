"""The board as a whole: its directors and the meetings their calendar lists."""

from __future__ import annotations

import datetime

from members.models import BoardMeeting, User
from members.roles import BOARD

# How far back the board's calendar feed reaches.
CALENDAR_PAST = datetime.timedelta(days=365)


def board_directors():
    """Active users in the Board group, who are told of the board's business."""
    return User.objects.filter(groups__name=BOARD, is_active=True).order_by("pk").distinct()


def board_calendar_meetings(*, today: datetime.date):
    """The meetings the board's calendar lists: held and planned, from a year back."""
    return BoardMeeting.objects.filter(date__gte=today - CALENDAR_PAST).order_by("date", "pk")
