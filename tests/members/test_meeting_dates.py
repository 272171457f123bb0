"""A board meeting's new date is told to the active directors, and to the applicants on its
agenda who were told the old one; the move is audited; an unchanged date tells nobody."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.db import transaction
from django.test import RequestFactory

from aiga.models import AuditEntry, OutboxMessage
from aiga.outbox import outbox_enqueue
from members.admissions.models import AgendaItem
from members.models import BoardMeeting
from members.roles import BOARD, SECRETARIAT
from members.services.meetings import board_meeting_save, meeting_context
from tests.factories import UserFactory
from tests.helpers import rendered
from tests.members.admissions.board_helpers import ApplicationFactory

pytestmark = pytest.mark.django_db
MARCH_12 = datetime.date(2026, 3, 12)
MARCH_19 = datetime.date(2026, 3, 19)


@pytest.fixture
def people():
    return {
        "director": UserFactory(groups=[BOARD], full_name="理事 一郎", email="riji1@example.jp"),
        "english": UserFactory(
            groups=[BOARD], full_name="Jane Director", email="riji2@example.jp", language="en"
        ),
        "former": UserFactory(groups=[BOARD], email="former@example.jp", is_active=False),
        "office": UserFactory(groups=[SECRETARIAT], email="office@example.jp"),
    }


def planned(**kwargs) -> BoardMeeting:
    return BoardMeeting.objects.create(date=MARCH_12, **kwargs)


def move(meeting, new_date, actor):
    meeting.date = new_date
    return board_meeting_save(meeting=meeting, changed=["date"], actor=actor)


def on_agenda(meeting, **kwargs):
    application = ApplicationFactory(**kwargs)
    AgendaItem.objects.create(meeting=meeting, application=application)
    return application


def tell_date(application, meeting):
    """An e-mail that told the applicant the meeting (its date), as the joining flow's
    notices name it in their context."""
    return outbox_enqueue(
        to=application.applicant_email,
        template_key="board_meeting_moved_applicant",
        purpose="told_the_date",
        target=application,
        context={
            "addressee": "申込 太郎 様",
            "reference": application.reference,
            "name": application.display_name,
            "meeting": meeting_context(meeting),
            "old_date": "2026-03-05",
            "new_date": meeting.date.isoformat(),
        },
    )


def test_a_new_date_is_told_to_each_active_director(people, django_capture_on_commit_callbacks):
    meeting = planned(title="")
    with django_capture_on_commit_callbacks(execute=False):
        move(meeting, MARCH_19, people["office"])
    messages = OutboxMessage.objects.filter(template_key="board_meeting_moved").order_by("id")
    assert [m.to for m in messages] == [["riji1@example.jp"], ["riji2@example.jp"]]
    assert [m.language for m in messages] == ["ja", "en"]
    ja = messages[0]
    assert ja.context["old_date"] == "2026-03-12" and ja.context["new_date"] == "2026-03-19"
    assert ja.context["meeting"]["id"] == meeting.pk
    assert ja.context["meeting"]["date"] == "2026-03-19"
    subject, body = rendered(ja)
    assert subject == (
        f"【AIガバナンス協会】理事会の開催日が変更されました（第{meeting.number}回理事会）"
    )
    assert f"理事会: 第{meeting.number}回理事会" in body
    assert "理事 一郎 様" in body
    assert "変更前: 2026年3月12日" in body
    assert "変更後: 2026年3月19日" in body
    assert "Was: 12 March 2026" in body and "Now: 19 March 2026" in body
    subject_en, body_en = rendered(messages[1])
    assert subject_en.startswith("[AIGA] The date of a board meeting has changed (")
    assert "Was: 12 March 2026" in body_en and "Now: 19 March 2026" in body_en
    assert not OutboxMessage.objects.filter(to__contains=["former@example.jp"]).exists()
    assert not OutboxMessage.objects.filter(to__contains=["office@example.jp"]).exists()


def test_the_meeting_s_title_names_it(people):
    meeting = planned(title="臨時理事会")
    move(meeting, MARCH_19, people["office"])
    message = OutboxMessage.objects.filter(to=["riji1@example.jp"]).get()
    subject, body = rendered(message)
    assert subject == "【AIガバナンス協会】理事会の開催日が変更されました（臨時理事会）"
    assert "理事会: 臨時理事会" in body


def test_the_move_is_audited(people):
    meeting = planned()
    move(meeting, MARCH_19, people["office"])
    entry = AuditEntry.objects.get(action="board_meeting.moved")
    assert entry.actor == people["office"]
    assert (entry.from_state, entry.to_state) == ("2026-03-12", "2026-03-19")
    assert entry.object_id == str(meeting.pk)
    assert entry.data == {"directors_told": [people["director"].pk, people["english"].pk]}
    update = AuditEntry.objects.get(action="board_meeting.update")
    assert update.data == {"date": ["2026-03-12", "2026-03-19"]}


@pytest.mark.parametrize(
    "changed",
    [
        ["date"],  # listed as changed, the same day
        ["title"],
        [],
    ],
)
def test_an_unchanged_date_tells_nobody(people, changed):
    meeting = planned()
    told = on_agenda(meeting)
    tell_date(told, meeting)
    before = OutboxMessage.objects.count()
    meeting.title = "理事会（定例）" if "title" in changed else meeting.title
    board_meeting_save(meeting=meeting, changed=changed, actor=people["office"])
    assert OutboxMessage.objects.count() == before
    assert not AuditEntry.objects.filter(action="board_meeting.moved").exists()


def test_a_new_meeting_tells_nobody(people):
    board_meeting_save(meeting=BoardMeeting(date=MARCH_12), changed=["date"], actor=None)
    assert not OutboxMessage.objects.exists()


def test_applicants_told_the_date_are_told_the_new_one(people):
    meeting = planned()
    told = on_agenda(meeting, applicant_email="told@example.jp", language="ja")
    not_told = on_agenda(meeting, applicant_email="not-told@example.jp")
    told_other_meeting = on_agenda(meeting, applicant_email="other@example.jp")
    tell_date(told, meeting)
    other = BoardMeeting.objects.create(date=datetime.date(2026, 4, 15))
    tell_date(told_other_meeting, other)
    move(meeting, MARCH_19, people["office"])

    messages = OutboxMessage.objects.filter(purpose="board_meeting_moved_applicant")
    assert [m.to for m in messages] == [["told@example.jp"]]
    message = messages.get()
    assert message.object_id == str(told.pk)
    assert message.context["reference"] == told.reference
    subject, body = rendered(message)
    assert subject == (
        f"【AIガバナンス協会】入会審査を行う理事会の開催日が変更になりました（{told.reference}）"
    )
    assert "変更前: 2026年3月12日" in body and "変更後: 2026年3月19日" in body
    assert "Was: 12 March 2026" in body and "Now: 19 March 2026" in body
    assert not OutboxMessage.objects.filter(to=["not-told@example.jp"]).exists()
    assert OutboxMessage.objects.filter(to=["other@example.jp"]).count() == 1  # only its own
    entry = AuditEntry.objects.get(action="application.meeting_moved_told")
    assert entry.object_id == str(told.pk)
    assert entry.data == {
        "meeting_id": meeting.pk,
        "old_date": "2026-03-12",
        "new_date": "2026-03-19",
    }
    assert not_told.pk  # on the agenda, never told the date: nothing to correct


def test_an_applicant_no_longer_awaiting_the_meeting_is_not_told(people):
    meeting = planned()
    decided = on_agenda(meeting)
    tell_date(decided, meeting)
    AgendaItem.objects.filter(application=decided).update(outcome=AgendaItem.Outcome.DECIDED)
    move(meeting, MARCH_19, people["office"])
    assert not OutboxMessage.objects.filter(purpose="board_meeting_moved_applicant").exists()


def test_a_cancelled_message_told_nobody(people):
    meeting = planned()
    application = on_agenda(meeting)
    message = tell_date(application, meeting)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.CANCELLED)
    move(meeting, MARCH_19, people["office"])
    assert not OutboxMessage.objects.filter(purpose="board_meeting_moved_applicant").exists()


def test_each_move_is_told_again(people):
    meeting = planned()
    application = on_agenda(meeting, applicant_email="told@example.jp")
    tell_date(application, meeting)
    move(meeting, MARCH_19, people["office"])
    move(meeting, MARCH_12, people["office"])
    move(meeting, MARCH_19, people["office"])
    applicant = OutboxMessage.objects.filter(purpose="board_meeting_moved_applicant")
    assert [(m.context["old_date"], m.context["new_date"]) for m in applicant.order_by("id")] == [
        ("2026-03-12", "2026-03-19"),
        ("2026-03-19", "2026-03-12"),
        ("2026-03-12", "2026-03-19"),
    ]
    assert OutboxMessage.objects.filter(to=["riji1@example.jp"]).count() == 3


def test_the_admin_s_save_tells_the_directors(people):
    meeting = planned()
    meeting.date = MARCH_19
    request = RequestFactory().post("/admin/")
    request.user = people["office"]

    class Form:
        changed_data = ["date"]

    site._registry[BoardMeeting].save_model(request, meeting, Form(), change=True)
    assert OutboxMessage.objects.filter(template_key="board_meeting_moved").count() == 2
    assert AuditEntry.objects.get(action="board_meeting.moved").actor == people["office"]


def test_a_move_rolled_back_tells_nobody(people):
    meeting = planned()
    with pytest.raises(RuntimeError), transaction.atomic():
        move(meeting, MARCH_19, people["office"])
        raise RuntimeError
    assert not OutboxMessage.objects.exists()
