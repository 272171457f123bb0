"""Held meetings (一般法人法 §95): who attended, the quorum (a majority of the directors
entitled to vote), and minutes marked approved only with the signed minutes, the attendance
and the quorum; kept ten years."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from aiga.models import AuditEntry
from members.models.governance import (
    BoardMeeting,
    MeetingAttendance,
    Officer,
    RetentionError,
    quorum_met,
)
from members.roles import SECRETARIAT
from members.selectors.resolutions import meeting_quorum
from members.services.resolutions import (
    ResolutionError,
    board_meeting_minutes_approve,
    meeting_attendance_record,
)
from tests.factories import UserFactory

HELD_ON = datetime.date(2026, 4, 15)
TODAY = datetime.date(2026, 4, 20)


def minutes_pdf():
    return SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


@pytest.mark.parametrize(
    "entitled, present, met",
    [
        (4, 3, True),
        (4, 2, False),  # half is not a majority
        (3, 2, True),
        (3, 1, False),
        (1, 1, True),
        (0, 0, False),
    ],
)
def test_quorum_is_a_majority_of_the_directors_entitled_to_vote(entitled, present, met):
    assert quorum_met(entitled=entitled, present=present) is met


@pytest.fixture
def board(db):
    Officer.objects.update(is_active=False)
    return {
        "rep": Officer.objects.create(
            name="代表 一郎", role=Officer.Role.REPRESENTATIVE_DIRECTOR, order=1
        ),
        "exec": Officer.objects.create(
            name="業務 二郎", role=Officer.Role.EXECUTIVE_DIRECTOR, order=2
        ),
        "dir": Officer.objects.create(name="理事 三子", role=Officer.Role.DIRECTOR, order=3),
        "dir2": Officer.objects.create(name="理事 五郎", role=Officer.Role.DIRECTOR, order=4),
        "aud": Officer.objects.create(name="監事 四郎", role=Officer.Role.AUDITOR, order=5),
    }


@pytest.fixture
def staff(db):
    return UserFactory(groups=[SECRETARIAT])


@pytest.fixture
def meeting(db):
    return BoardMeeting.objects.create(
        kind=BoardMeeting.Kind.HELD, date=HELD_ON, status=BoardMeeting.Status.HELD
    )


def attend(meeting, staff, *officers):
    return meeting_attendance_record(
        meeting_id=meeting.pk,
        attended_officer_ids=[o.pk for o in officers],
        actor=staff,
        today=TODAY,
    )


def test_attendance_is_recorded_for_every_officer_in_office_with_their_role(meeting, board, staff):
    rows = attend(meeting, staff, board["rep"], board["aud"])
    assert [(r.officer.name, r.role, r.attended) for r in rows] == [
        ("代表 一郎", "representative_director", True),
        ("業務 二郎", "executive_director", False),
        ("理事 三子", "director", False),
        ("理事 五郎", "director", False),
        ("監事 四郎", "auditor", True),
    ]
    assert AuditEntry.objects.filter(action="board_meeting.attendance").count() == 1


def test_the_role_at_the_time_stays_when_the_officer_changes_role(meeting, board, staff):
    attend(meeting, staff, board["dir"])
    board["dir"].role = Officer.Role.AUDITOR
    board["dir"].save()
    assert MeetingAttendance.objects.get(officer=board["dir"]).role == "director"


def test_attendance_recorded_again_is_corrected(meeting, board, staff):
    attend(meeting, staff, board["rep"])
    attend(meeting, staff, board["rep"], board["exec"], board["dir"])
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 5
    assert meeting_quorum(meeting).present == 3


def test_quorum_counts_the_directors_not_the_auditor(meeting, board, staff):
    attend(meeting, staff, board["rep"], board["exec"], board["aud"])
    quorum = meeting_quorum(meeting)
    assert (quorum.entitled, quorum.present, quorum.met) == (4, 2, False)


def test_a_director_with_a_special_interest_leaves_the_count(meeting, board, staff):
    attend(meeting, staff, board["rep"], board["exec"], board["dir"])
    quorum = meeting_quorum(meeting, excluding_officer_ids=[board["dir"].pk])
    assert (quorum.entitled, quorum.present, quorum.met) == (3, 2, True)


@pytest.mark.parametrize("kind, date", [("written", HELD_ON), ("held", TODAY.replace(day=21))])
def test_attendance_is_for_a_held_meeting_that_took_place(board, staff, kind, date):
    other = BoardMeeting.objects.create(kind=kind, date=date)
    with pytest.raises(ResolutionError):
        attend(other, staff, board["rep"])


def test_minutes_approved_with_minutes_attendance_and_quorum(meeting, board, staff):
    attend(meeting, staff, board["rep"], board["exec"], board["dir"], board["aud"])
    approved = board_meeting_minutes_approve(
        meeting_id=meeting.pk, minutes_file=minutes_pdf(), actor=staff
    )
    assert approved.status == BoardMeeting.Status.MINUTES_APPROVED
    assert approved.minutes_file.name.startswith("board/minutes/20260415-")
    entry = AuditEntry.objects.get(action="board_meeting.status", object_id=str(meeting.pk))
    assert (entry.from_state, entry.to_state) == ("held", "minutes_approved")
    with pytest.raises(ResolutionError):
        attend(meeting, staff, board["rep"])  # approved minutes fix the attendance


def test_minutes_not_approved_without_the_signed_minutes(meeting, board, staff):
    attend(meeting, staff, board["rep"], board["exec"], board["dir"])
    with pytest.raises(ResolutionError) as exc:
        board_meeting_minutes_approve(meeting_id=meeting.pk, actor=staff)
    assert "署名済みの議事録（PDF）を添付してください。" in exc.value.message
    meeting.refresh_from_db()
    assert meeting.status == BoardMeeting.Status.HELD


def test_minutes_not_approved_without_attendance(meeting, board, staff):
    with pytest.raises(ResolutionError) as exc:
        board_meeting_minutes_approve(
            meeting_id=meeting.pk, minutes_file=minutes_pdf(), actor=staff
        )
    assert "出席した理事・監事を記録してください。" in exc.value.message


def test_minutes_not_approved_without_quorum(meeting, board, staff):
    attend(meeting, staff, board["rep"], board["exec"], board["aud"])  # 2 of 4 directors
    with pytest.raises(ResolutionError) as exc:
        board_meeting_minutes_approve(
            meeting_id=meeting.pk, minutes_file=minutes_pdf(), actor=staff
        )
    assert "過半数に達していません" in exc.value.message
    meeting.refresh_from_db()
    assert meeting.status == BoardMeeting.Status.HELD


def test_the_meetings_form_refuses_minutes_approved_without_them(meeting, board):
    """The BoardMeeting admin's form validates the model: the rule holds there too."""
    meeting.status = BoardMeeting.Status.MINUTES_APPROVED
    with pytest.raises(ValidationError) as exc:
        meeting.full_clean()
    assert "status" in exc.value.message_dict
    meeting.note = "memo"
    meeting.status = BoardMeeting.Status.HELD
    meeting.full_clean()  # other edits are not affected


def test_the_meetings_form_accepts_it_once_complete(meeting, board, staff):
    attend(meeting, staff, board["rep"], board["exec"], board["dir"])
    meeting.minutes_file = minutes_pdf()
    meeting.status = BoardMeeting.Status.MINUTES_APPROVED
    meeting.full_clean()


def test_a_written_resolutions_minutes_need_its_adoption(board, staff):
    written = BoardMeeting.objects.create(kind=BoardMeeting.Kind.WRITTEN, date=HELD_ON)
    with pytest.raises(ResolutionError) as exc:
        board_meeting_minutes_approve(
            meeting_id=written.pk, minutes_file=minutes_pdf(), actor=staff
        )
    assert "書面決議がまだ成立していません" in exc.value.message
    written.consents_completed_on = TODAY
    written.status = BoardMeeting.Status.HELD
    written.save()
    approved = board_meeting_minutes_approve(
        meeting_id=written.pk, minutes_file=minutes_pdf(), actor=staff
    )
    assert approved.status == BoardMeeting.Status.MINUTES_APPROVED


def test_a_meeting_with_minutes_or_attendance_is_kept_ten_years(meeting, board, staff):
    attend(meeting, staff, board["rep"], board["exec"], board["dir"])
    board_meeting_minutes_approve(meeting_id=meeting.pk, minutes_file=minutes_pdf(), actor=staff)
    meeting.refresh_from_db()
    with pytest.raises(RetentionError):
        meeting.delete()
    with pytest.raises(RetentionError):
        BoardMeeting.objects.filter(pk=meeting.pk).delete()
    with pytest.raises(RetentionError):
        MeetingAttendance.objects.filter(meeting=meeting).delete()
    with pytest.raises(RetentionError):
        meeting.check_deletable(today=datetime.date(2036, 4, 14))
    meeting.check_deletable(today=datetime.date(2036, 4, 15))
    assert BoardMeeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_with_no_records_can_still_be_deleted(db):
    empty = BoardMeeting.objects.create(kind=BoardMeeting.Kind.HELD, date=HELD_ON)
    empty.delete()
    assert not BoardMeeting.objects.filter(pk=empty.pk).exists()


def test_the_secretariat_records_attendance_and_approves_minutes_in_the_admin(
    client, meeting, board, staff
):
    client.force_login(staff)
    assert client.get("/admin/members/meetingattendance/record/").status_code == 200
    response = client.post(
        "/admin/members/meetingattendance/record/",
        {"meeting": meeting.pk, "attended": [board["rep"].pk, board["exec"].pk, board["dir"].pk]},
    )
    assert response.status_code == 302
    assert MeetingAttendance.objects.filter(meeting=meeting, attended=True).count() == 3
    response = client.post(
        "/admin/members/meetingattendance/minutes/",
        {"meeting": meeting.pk, "minutes_file": minutes_pdf()},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.status == BoardMeeting.Status.MINUTES_APPROVED


def test_the_admin_shows_why_minutes_cannot_be_approved(client, meeting, board, staff):
    client.force_login(staff)
    response = client.post("/admin/members/meetingattendance/minutes/", {"meeting": meeting.pk})
    assert response.status_code == 200
    assert "署名済みの議事録（PDF）を添付してください。" in response.content.decode()


def test_an_officer_is_linked_to_a_user_account(board):
    user = UserFactory()
    board["rep"].user = user
    board["rep"].save()
    assert user.officer == board["rep"]
