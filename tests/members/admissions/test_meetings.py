"""Meetings and their agendas: 第〇回理事会 and 第〇号議案, forwarding to a chosen meeting,
moving an application to another meeting, and 該当なし for the parent company."""

import datetime

import pytest
from django.urls import reverse

from aiga.models import AuditEntry
from members.admissions import workflow
from members.admissions.models import AgendaItem, ReviewCheck
from members.admissions.services.board import board_decision_record
from members.admissions.services.review import (
    ReviewError,
    agenda_item_move,
    application_forward_to_board,
    forwarding_problems,
    meeting_carry_over,
    review_check_record,
)
from members.models import BoardMeeting
from members.roles import BOARD, SECRETARIAT
from tests.factories import PASSWORD, UserFactory
from tests.members.admissions.board_helpers import (
    ApplicationFactory,
    MeetingFactory,
    complete_checklist,
    put_on_agenda,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return UserFactory(groups=[SECRETARIAT])


def _ready(staff, **kwargs):
    app = ApplicationFactory(**kwargs)
    complete_checklist(app, staff)
    return app


# ------------------------------------------------------------------ numbers


def test_meeting_str_is_its_number_and_date():
    held = MeetingFactory(number=12, date=D(2026, 12, 15))
    written = MeetingFactory(number=13, date=D(2027, 1, 8), kind=BoardMeeting.Kind.WRITTEN)
    assert str(held) == "第12回理事会（2026年12月15日）"
    assert str(written) == "第13回理事会（書面決議）（2027年1月8日）"


def test_meetings_take_the_next_number_in_one_series():
    first = MeetingFactory(date=D(2026, 12, 15))
    written = MeetingFactory(date=D(2026, 12, 22), kind=BoardMeeting.Kind.WRITTEN)
    second = MeetingFactory(date=D(2027, 1, 15))
    assert (written.number, second.number) == (first.number + 1, first.number + 2)


def test_items_are_numbered_within_their_meeting_and_keep_their_number(staff):
    meeting = MeetingFactory(date=D(2026, 12, 15))
    other = MeetingFactory(date=D(2027, 1, 15))
    a, b, c = put_on_agenda(meeting, n=3)
    assert [i.number for i in meeting.agenda.order_by("id")] == [1, 2, 3]
    put_on_agenda(other, n=1)

    agenda_item_move(
        application_id=b.pk,
        meeting_id=other.pk,
        reason="資料の追加確認のため",
        actor=staff,
        actor_groups=[SECRETARIAT],
        today=D(2026, 12, 1),
    )
    # The items left behind keep their numbers; the moved one is 第2号 in the other meeting.
    assert dict(meeting.agenda.values_list("application_id", "number")) == {
        a.pk: 1,
        b.pk: 2,
        c.pk: 3,
    }
    assert other.agenda.get(application=b).number == 2
    assert meeting.agenda.get(application=b).outcome == AgendaItem.Outcome.MOVED

    # Carried over: a new number in the next meeting.
    moved = meeting_carry_over(meeting_id=meeting.pk, today=D(2026, 12, 20))
    assert sorted(i.number for i in moved) == [3, 4]


# ------------------------------------------------------------------ forwarding


def test_forwarding_goes_to_the_chosen_meeting_or_the_next_planned_one(staff):
    MeetingFactory(date=D(2026, 12, 15))
    later = MeetingFactory(date=D(2027, 1, 15))
    chosen = _ready(staff)
    default = _ready(staff)
    item = application_forward_to_board(
        application_id=chosen.pk,
        meeting_id=later.pk,
        actor=staff,
        actor_groups=[SECRETARIAT],
        today=D(2026, 12, 1),
    )
    assert item.meeting == later and item.number == 1
    item = application_forward_to_board(
        application_id=default.pk, actor=staff, actor_groups=[SECRETARIAT], today=D(2026, 12, 1)
    )
    assert item.meeting.date == D(2026, 12, 15)


def test_forwarding_refuses_a_meeting_whose_minutes_are_approved(staff):
    closed = MeetingFactory(date=D(2026, 11, 16), status=BoardMeeting.Status.MINUTES_APPROVED)
    app = _ready(staff)
    with pytest.raises(ReviewError):
        application_forward_to_board(
            application_id=app.pk,
            meeting_id=closed.pk,
            actor=staff,
            actor_groups=[SECRETARIAT],
            today=D(2026, 12, 1),
        )
    app.refresh_from_db()
    assert app.status == workflow.Status.SUBMITTED


# ------------------------------------------------------------------ moving


def test_moving_to_a_held_meeting_lets_the_board_decide_now(staff):
    held = MeetingFactory(date=D(2026, 12, 1), status=BoardMeeting.Status.HELD)
    planned = MeetingFactory(date=D(2027, 1, 15))
    (app,) = put_on_agenda(planned)
    director = UserFactory(groups=[BOARD])
    with pytest.raises(ReviewError):  # the planned meeting is weeks away
        board_decision_record(
            application_id=app.pk, decision="approve", actor=director, actor_groups=[BOARD]
        )

    item = agenda_item_move(
        application_id=app.pk,
        meeting_id=held.pk,
        reason="12月1日の理事会で審議することになったため",
        actor=staff,
        actor_groups=[SECRETARIAT],
        today=D(2026, 12, 3),
    )
    assert item.meeting == held and item.outcome == AgendaItem.Outcome.PENDING
    entry = AuditEntry.objects.get(action="application.agenda_move")
    assert entry.actor == staff
    assert entry.note == "12月1日の理事会で審議することになったため"
    assert entry.data["from_meeting_id"] == planned.pk
    assert entry.data["to_meeting_id"] == held.pk

    decision = board_decision_record(
        application_id=app.pk, decision="reject", actor=director, actor_groups=[BOARD]
    )
    assert decision.meeting == held


@pytest.mark.parametrize(
    ("reason", "status", "groups"),
    [
        ("", BoardMeeting.Status.PLANNED, [SECRETARIAT]),  # no reason
        ("理由", BoardMeeting.Status.MINUTES_APPROVED, [SECRETARIAT]),  # minutes approved
        ("理由", BoardMeeting.Status.PLANNED, [BOARD]),  # not the secretariat's
    ],
)
def test_moving_is_refused(staff, reason, status, groups):
    planned = MeetingFactory(date=D(2027, 1, 15))
    target = MeetingFactory(date=D(2027, 2, 15), status=status)
    (app,) = put_on_agenda(planned)
    with pytest.raises(ReviewError):
        agenda_item_move(
            application_id=app.pk,
            meeting_id=target.pk,
            reason=reason,
            actor=staff,
            actor_groups=groups,
            today=D(2026, 12, 3),
        )
    assert app.agenda_items.get(outcome=AgendaItem.Outcome.PENDING).meeting == planned
    assert not AuditEntry.objects.filter(action="application.agenda_move").exists()


def test_moving_back_reopens_the_first_item_under_its_number(staff):
    first = MeetingFactory(date=D(2027, 1, 15))
    second = MeetingFactory(date=D(2027, 2, 15))
    put_on_agenda(first)
    (app,) = put_on_agenda(first)
    kwargs = dict(application_id=app.pk, reason="理由", actor=staff, actor_groups=[SECRETARIAT])
    agenda_item_move(meeting_id=second.pk, today=D(2026, 12, 3), **kwargs)
    back = agenda_item_move(meeting_id=first.pk, today=D(2026, 12, 3), **kwargs)
    assert back.meeting == first and back.number == 2
    assert app.agenda_items.filter(outcome=AgendaItem.Outcome.PENDING).count() == 1


# ------------------------------------------------------------------ the admin


@pytest.fixture
def staff_client(client, staff):
    assert client.login(email=staff.email, password=PASSWORD)
    return client


def test_review_page_offers_the_meetings_and_moves(staff_client, staff):
    today = datetime.date.today()
    planned = MeetingFactory(date=today + datetime.timedelta(days=20))
    later = MeetingFactory(date=today + datetime.timedelta(days=50))
    (app,) = put_on_agenda(planned)
    url = reverse("admin:admissions_applicationreview_change", args=[app.pk])
    body = staff_client.get(url).content.decode()
    assert 'id="move-form"' in body
    assert f"{planned} 第1号議案" in body
    assert f'<option value="{later.pk}"' in body

    response = staff_client.post(
        reverse("admin:admissions_review_move", args=[app.pk]),
        {"meeting": later.pk, "reason": "日程の都合"},
    )
    assert response.status_code == 302
    assert app.agenda_items.get(outcome=AgendaItem.Outcome.PENDING).meeting == later


def test_review_page_forwards_to_the_selected_meeting(staff_client, staff):
    today = datetime.date.today()
    MeetingFactory(date=today + datetime.timedelta(days=20))
    later = MeetingFactory(date=today + datetime.timedelta(days=50))
    app = _ready(staff)
    body = staff_client.get(
        reverse("admin:admissions_applicationreview_change", args=[app.pk])
    ).content.decode()
    assert 'id="forward-form"' in body and f'<option value="{later.pk}"' in body
    staff_client.post(
        reverse("admin:admissions_review_forward", args=[app.pk]), {"meeting": later.pk}
    )
    assert app.agenda_items.get().meeting == later


def test_meeting_admin_lists_numbers(staff_client):
    meeting = MeetingFactory(number=7, date=D(2027, 1, 15))
    put_on_agenda(meeting)
    body = staff_client.get(reverse("admin:members_boardmeeting_changelist")).content.decode()
    assert "第7回理事会（2027年1月15日）" in body
    body = staff_client.get(
        reverse("admin:members_boardmeeting_change", args=[meeting.pk])
    ).content.decode()
    assert "第1号議案" in body


# ------------------------------------------------------------------ 該当なし


def test_no_parent_company_is_a_clean_result(staff):
    app = ApplicationFactory(has_parent=False)
    for kind in (
        ReviewCheck.Kind.ANTISOCIAL,
        ReviewCheck.Kind.CORPORATE_NUMBER,
        ReviewCheck.Kind.CAPITAL,
    ):
        review_check_record(
            application_id=app.pk,
            kind=kind,
            result=ReviewCheck.Result.OK,
            checked_on=D(2026, 12, 1),
            actor=staff,
            actor_groups=[SECRETARIAT],
            method="データベース検索",
            source="登記事項証明書",
        )
    review_check_record(
        application_id=app.pk,
        kind=ReviewCheck.Kind.PARENT_MEMBER,
        result=ReviewCheck.Result.NOT_APPLICABLE,
        checked_on=D(2026, 12, 1),
        actor=staff,
        actor_groups=[SECRETARIAT],
    )
    app.refresh_from_db()
    assert forwarding_problems(app) == []
    MeetingFactory(date=D(2026, 12, 15))
    item = application_forward_to_board(
        application_id=app.pk, actor=staff, actor_groups=[SECRETARIAT], today=D(2026, 12, 1)
    )
    assert item.meeting.date == D(2026, 12, 15)


def test_an_issue_still_needs_a_reason(staff):
    app = ApplicationFactory()
    complete_checklist(app, staff)
    review_check_record(
        application_id=app.pk,
        kind=ReviewCheck.Kind.PARENT_MEMBER,
        result=ReviewCheck.Result.ISSUE,
        checked_on=D(2026, 12, 2),
        actor=staff,
        actor_groups=[SECRETARIAT],
    )
    app.refresh_from_db()
    assert len(forwarding_problems(app)) == 1
