"""A rejected application has no admission date: the board's page says 「不承認」 alone,
an approval 「承認（入会日 …）」."""

import datetime
import re

import pytest
from django.urls import reverse

from members.admissions.services.board import board_decision_record
from members.models import BoardMeeting
from members.roles import BOARD
from tests.factories import PASSWORD, UserFactory
from tests.members.admissions.board_helpers import MeetingFactory, put_on_agenda

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_a_rejection_shows_no_admission_date(client):
    meeting = MeetingFactory(date=datetime.date(2026, 11, 16))
    approved, rejected = put_on_agenda(meeting, n=2)
    BoardMeeting.objects.filter(pk=meeting.pk).update(status=BoardMeeting.Status.HELD)
    director = UserFactory(groups=[BOARD])
    for app, decision in ((approved, "approve"), (rejected, "reject")):
        board_decision_record(
            application_id=app.pk, decision=decision, actor=director, actor_groups=[BOARD]
        )
    assert client.login(email=director.email, password=PASSWORD)
    body = client.get(reverse("admissions:board_home") + f"?meeting={meeting.pk}")
    text = _text(body.content.decode())
    assert "承認（入会日2026年11月16日）" in text
    assert "不承認（入会日" not in text
    assert "不承認" in text
