"""Set-up for the onboarding tests: an application taken to the board's decision."""

import datetime
from zoneinfo import ZoneInfo

from members.admissions.services.board import board_decision_record
from members.admissions.services.review import application_forward_to_board
from members.roles import BOARD, SECRETARIAT
from tests.members.admissions.board_helpers import (
    ApplicationFactory,
    MeetingFactory,
    complete_checklist,
    director,
    secretariat,
)

TOKYO = ZoneInfo("Asia/Tokyo")


def at(d: datetime.date) -> datetime.datetime:
    return datetime.datetime(d.year, d.month, d.day, 18, 0, tzinfo=TOKYO)


def forward(application, meeting_date: datetime.date):
    """The checklist done and the application on the agenda of the meeting on that date."""
    user = secretariat()
    complete_checklist(application, user, today=meeting_date - datetime.timedelta(days=10))
    application_forward_to_board(
        application_id=application.pk,
        actor=user,
        actor_groups=[SECRETARIAT],
        today=meeting_date - datetime.timedelta(days=5),
    )


def decide(
    meeting_date: datetime.date, decision: str = "approve", application=None, **application_fields
):
    """An application (a new one unless given) forwarded to the meeting on that date and
    decided there."""
    meeting = MeetingFactory(date=meeting_date)
    application = application or ApplicationFactory(**application_fields)
    forward(application, meeting_date)
    board_decision_record(
        application_id=application.pk,
        decision=decision,
        actor=director(),
        actor_groups=[BOARD],
        now=at(meeting_date),
    )
    application.refresh_from_db()
    return application, meeting
