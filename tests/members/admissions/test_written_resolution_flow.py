"""An urgent application decided in writing (一般法人法 §96): the secretariat drafts the
written resolution, puts the application on it, each director's signed consent is recorded,
the resolution is adopted on the day the last one arrived, and the board's approval takes
that day as the admission date. Until then no decision can be recorded."""

import datetime

import pytest
from django.utils import timezone

from members.admissions import workflow
from members.admissions.models import BoardDecision
from members.admissions.services.board import board_decision_record
from members.admissions.services.review import ReviewError, application_forward_to_board
from members.board_papers import written_resolution_proposal_pdf
from members.selectors.resolutions import auditors_in_office, directors_in_office
from members.services.resolutions import (
    auditor_statement_record,
    written_consent_record,
    written_resolution_create,
)
from tests.factories import UserFactory
from tests.helpers import pdf_text
from tests.members.admissions.board_helpers import ApplicationFactory, complete_checklist

pytestmark = pytest.mark.django_db
TOKYO = datetime.timezone(datetime.timedelta(hours=9))


def test_a_written_resolution_from_proposal_to_adoption():
    clerk = UserFactory(groups=["Secretariat"])
    proposed = timezone.localdate() - datetime.timedelta(days=6)
    meeting = written_resolution_create(date=proposed, title="入会承認（書面決議）", actor=clerk)
    app = ApplicationFactory()
    complete_checklist(app, clerk, today=proposed)
    application_forward_to_board(
        application_id=app.pk,
        actor=clerk,
        actor_groups=["Secretariat"],
        meeting_id=meeting.pk,
        today=proposed,
    )
    # The proposal lists the application (the admissions app answers the members' signal).
    text = "".join(pdf_text(written_resolution_proposal_pdf(meeting_id=meeting.pk)).split())
    assert f"{app.display_name}の入会承認の件" in text

    directors = list(directors_in_office())
    assert len(directors) >= 2
    with pytest.raises(ReviewError):  # not adopted yet: no decision
        board_decision_record(
            application_id=app.pk, decision="approve", actor=clerk, actor_groups=["Secretariat"]
        )
    for auditor in auditors_in_office():
        auditor_statement_record(
            meeting_id=meeting.pk,
            officer_id=auditor.pk,
            opinion="no_objection",
            received_at=datetime.datetime.combine(proposed, datetime.time(9), TOKYO),
            note="異議はありません。",
            actor=clerk,
        )
    arrivals = []
    for day, director in enumerate(directors, start=1):
        arrived = datetime.datetime.combine(
            proposed + datetime.timedelta(days=day % 4), datetime.time(10), TOKYO
        )
        arrivals.append(arrived)
        written_consent_record(
            meeting_id=meeting.pk,
            officer_id=director.pk,
            actor=clerk,
            consented_at=arrived,
            received_note="原本を郵送で受領",
        )
    meeting.refresh_from_db()
    last = max(arrivals).date()
    assert meeting.consents_completed_on == last

    decision = board_decision_record(
        application_id=app.pk, decision="approve", actor=clerk, actor_groups=["Secretariat"]
    )
    assert decision.admission_date == last
    app.refresh_from_db()
    assert app.status in (workflow.Status.APPROVED, workflow.Status.INVOICED)
    assert BoardDecision.objects.get(application=app).meeting == meeting
