"""Step 4: meeting assignment, decisions, the admission date, carry-over, illegal actions."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from aiga.models import AuditEntry, OutboxMessage
from billing.fees import calculate_fee
from billing.fiscal import Half
from billing.selectors import fee_schedule
from members.admissions import workflow
from members.admissions.models import AgendaItem, BoardDecision
from members.admissions.services.board import board_decision_record
from members.admissions.services.review import (
    ReviewError,
    application_forward_to_board,
    carry_over_due,
    meeting_carry_over,
)
from members.models import BoardMeeting
from members.roles import BOARD, SECRETARIAT
from members.selectors.meetings import next_board_meeting_date
from tests.helpers import rendered
from tests.members.admissions.board_helpers import (
    ApplicationFactory,
    MeetingFactory,
    complete_checklist,
    director,
    secretariat,
)

pytestmark = pytest.mark.django_db
# Approval goes on to the membership and the invoice (services/onboarding.py), which move it on.
AFTER_APPROVAL = (workflow.Status.APPROVED, workflow.Status.INVOICED, workflow.Status.MEMBER)
TOKYO = ZoneInfo("Asia/Tokyo")


def at(y, m, d):
    return datetime.datetime(y, m, d, 10, 0, tzinfo=TOKYO)


def on_agenda(meeting, *, today=datetime.date(2026, 3, 1), **kwargs):
    user = secretariat()
    app = ApplicationFactory(**kwargs)
    complete_checklist(app, user)
    application_forward_to_board(
        application_id=app.pk, actor=user, actor_groups=[SECRETARIAT], today=today
    )
    return app


def test_forwarding_picks_the_next_planned_meeting():
    MeetingFactory(date=datetime.date(2026, 2, 12))  # already passed
    MeetingFactory(date=datetime.date(2026, 3, 12), status=BoardMeeting.Status.HELD)
    march_written = MeetingFactory(date=datetime.date(2026, 3, 20), kind="written")
    MeetingFactory(date=datetime.date(2026, 4, 15))
    app = on_agenda(None, today=datetime.date(2026, 3, 1))
    assert app.agenda_items.get().meeting == march_written
    assert next_board_meeting_date(datetime.date(2026, 3, 21)) == datetime.date(2026, 4, 15)
    assert next_board_meeting_date(datetime.date(2026, 5, 1)) is None


def test_held_meeting_admission_date_is_the_meeting_date_not_the_typing_day():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    app = on_agenda(meeting)
    decision = board_decision_record(
        application_id=app.pk,
        decision="approve",
        actor=director(),
        actor_groups=[BOARD],
        note="全会一致",
        now=at(2026, 4, 2),  # typed in April
    )
    assert decision.admission_date == datetime.date(2026, 3, 12)
    assert decision.on_behalf_of_board is False
    quote = calculate_fee(
        category="corporate",
        capital=app.share_capital,
        parent_ratio=None,
        admission_date=decision.admission_date,
        schedule=fee_schedule(),
    )
    assert quote.half == Half.FIRST
    app.refresh_from_db()
    assert app.status in AFTER_APPROVAL
    assert app.agenda_items.get().outcome == AgendaItem.Outcome.DECIDED
    entry = AuditEntry.objects.get(action="application.approve")
    assert entry.data["admission_date"] == "2026-03-12"


def test_written_resolution_admission_date_is_the_last_consent():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 25), kind="written")
    app = on_agenda(meeting)
    with pytest.raises(ReviewError) as exc:
        board_decision_record(
            application_id=app.pk,
            decision="approve",
            actor=secretariat(),
            actor_groups=[SECRETARIAT],
            now=at(2026, 4, 3),
        )
    assert exc.value.field == "consents_completed_on"
    decision = board_decision_record(
        application_id=app.pk,
        decision="approve",
        actor=secretariat(),
        actor_groups=[SECRETARIAT],
        consents_completed_on=datetime.date(2026, 3, 31),
        now=at(2026, 4, 3),
    )
    assert decision.admission_date == datetime.date(2026, 3, 31)
    assert decision.on_behalf_of_board is True
    meeting.refresh_from_db()
    assert meeting.consents_completed_on == datetime.date(2026, 3, 31)


def test_rejection_sends_the_polite_notice_and_creates_nothing():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    app = on_agenda(meeting)
    abstainer = director()
    board_decision_record(
        application_id=app.pk,
        decision="reject",
        actor=director(),
        actor_groups=[BOARD],
        abstaining_ids=[abstainer.pk],
        abstaining_note="取引関係のため",
        now=at(2026, 3, 12),
    )
    app.refresh_from_db()
    assert app.status == workflow.Status.REJECTED
    mail = OutboxMessage.objects.get(template_key="application_rejected")
    assert app.applicant_email in mail.to
    assert list(app.board_decision.abstaining.all()) == [abstainer]
    assert app.organisation is None and app.first_invoice is None


def test_decision_before_the_held_meeting_is_refused():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    app = on_agenda(meeting)
    with pytest.raises(ReviewError) as exc:
        board_decision_record(
            application_id=app.pk,
            decision="approve",
            actor=director(),
            actor_groups=[BOARD],
            now=at(2026, 3, 11),
        )
    assert exc.value.code == "too_early"
    assert not BoardDecision.objects.exists()


@pytest.mark.parametrize(
    ("status", "groups", "decision"),
    [
        (workflow.Status.SUBMITTED, [BOARD], "approve"),
        (workflow.Status.DRAFT, [SECRETARIAT], "reject"),
        (workflow.Status.APPROVED, [BOARD], "approve"),
        (workflow.Status.WITH_BOARD, [], "approve"),
        (workflow.Status.WITH_BOARD, [BOARD], "maybe"),
    ],
)
def test_illegal_decisions_are_refused(status, groups, decision):
    app = ApplicationFactory(status=status)
    with pytest.raises(ReviewError):
        board_decision_record(
            application_id=app.pk,
            decision=decision,
            actor=director(),
            actor_groups=groups,
            now=at(2026, 3, 20),
        )
    app.refresh_from_db()
    assert app.status == status


def test_second_decision_is_refused():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    app = on_agenda(meeting)
    kwargs = dict(application_id=app.pk, actor=director(), actor_groups=[BOARD])
    board_decision_record(decision="approve", now=at(2026, 3, 12), **kwargs)
    with pytest.raises(ReviewError) as exc:
        board_decision_record(decision="reject", now=at(2026, 3, 13), **kwargs)
    assert exc.value.code == "wrong_status"


def test_forward_twice_is_refused():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    app = on_agenda(meeting)
    with pytest.raises(ReviewError) as exc:
        application_forward_to_board(
            application_id=app.pk,
            actor=secretariat(),
            actor_groups=[SECRETARIAT],
            today=datetime.date(2026, 3, 1),
        )
    assert exc.value.code == "wrong_status"


def test_carry_over_moves_undecided_items_and_tells_the_secretariat():
    march = MeetingFactory(date=datetime.date(2026, 3, 12))
    april = MeetingFactory(date=datetime.date(2026, 4, 15))
    undecided = on_agenda(march)
    decided = on_agenda(march)
    board_decision_record(
        application_id=decided.pk,
        decision="approve",
        actor=director(),
        actor_groups=[BOARD],
        now=at(2026, 3, 12),
    )
    # Within the grace period nothing moves (the decision may still be typed in).
    assert carry_over_due(today=datetime.date(2026, 3, 15)) == 0
    assert carry_over_due(today=datetime.date(2026, 3, 25)) == 1
    items = list(undecided.agenda_items.order_by("id"))
    assert [(i.meeting, i.outcome) for i in items] == [
        (march, AgendaItem.Outcome.CARRIED_OVER),
        (april, AgendaItem.Outcome.PENDING),
    ]
    assert items[1].carried_over_from == march
    mail = OutboxMessage.objects.get(template_key="board_carry_over_secretariat")
    subject, body = rendered(mail)
    assert subject == "【理事会】理事会 2026年3月12日 の議題を次回に持ち越しました"
    assert f"・{undecided.reference} {undecided.legal_name}" in body
    assert "次回の 理事会 2026年4月" in body
    assert AuditEntry.objects.filter(action="application.carry_over").count() == 1
    # The decided one stays where it was.
    assert decided.agenda_items.get().outcome == AgendaItem.Outcome.DECIDED
    # The decision now belongs to the April meeting.
    decision = board_decision_record(
        application_id=undecided.pk,
        decision="approve",
        actor=director(),
        actor_groups=[BOARD],
        now=at(2026, 4, 20),
    )
    assert decision.meeting == april
    assert decision.admission_date == datetime.date(2026, 4, 15)


def test_carry_over_of_a_future_meeting_or_by_a_director_is_refused():
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    with pytest.raises(ReviewError):
        meeting_carry_over(meeting_id=meeting.pk, today=datetime.date(2026, 3, 10))
    with pytest.raises(ReviewError):
        meeting_carry_over(
            meeting_id=meeting.pk, actor_groups=[BOARD], today=datetime.date(2026, 3, 20)
        )
