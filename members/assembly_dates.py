"""When a general assembly's convocation notice must go out. Pure: every date an argument.

一般法人法 §39(1): the notice is sent at least one week before the meeting (two weeks when
the members may vote in writing or electronically, §39(1) proviso and §38(1)(iii)(iv)).
"…の日の一週間前までに" counts whole days between the two (初日不算入, 民法 §140): for a
meeting on the 15th, the 7th is the last day to send, leaving seven clear days."""

from __future__ import annotations

import datetime


def convocation_notice_days(*, votes_in_writing: bool) -> int:
    return 14 if votes_in_writing else 7


def convocation_deadline(meeting_date: datetime.date, *, votes_in_writing: bool) -> datetime.date:
    """The last day on which the notice may be sent."""
    days = convocation_notice_days(votes_in_writing=votes_in_writing)
    return meeting_date - datetime.timedelta(days=days + 1)


def convocation_in_time(
    meeting_date: datetime.date, *, votes_in_writing: bool, today: datetime.date
) -> bool:
    return today <= convocation_deadline(meeting_date, votes_in_writing=votes_in_writing)
