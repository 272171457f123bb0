"""Written resolutions (一般法人法 §96–97): the proposal, each director's consent, the
auditors' statements, and the resolution's adoption on the day the last consent arrived.
Held meetings (§95): attendance, and the minutes approved only with their quorum."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from members.models.governance import (
    AuditorStatement,
    BoardMeeting,
    MeetingAttendance,
    Officer,
    WrittenConsent,
    minutes_approval_problems,
)
from members.selectors.resolutions import (
    auditors_in_office,
    directors_in_office,
    written_resolution_state,
)
from members.services.meetings import board_meeting_save


class ResolutionError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def written_resolution_create(*, date: datetime.date, title: str, actor) -> BoardMeeting:
    """A written resolution (proposal dated `date`) for the secretariat to put items on."""
    meeting = BoardMeeting(kind=BoardMeeting.Kind.WRITTEN, date=date, title=(title or "").strip())
    return board_meeting_save(meeting=meeting, changed=[], actor=actor)


def _lock(meeting_id: int) -> BoardMeeting:
    return BoardMeeting.objects.select_for_update().get(pk=meeting_id)


def _check_arrival(meeting: BoardMeeting, when: datetime.datetime, now: datetime.datetime, field):
    if timezone.localdate(when) < meeting.date or when > now:
        raise ResolutionError(_("到達日時は提案日から現在までの日時にしてください。"), field=field)


def written_consent_check(
    *,
    meeting: BoardMeeting,
    officer_id: int | None,
    consented_at: datetime.datetime | None,
    has_document: bool,
    received_note: str,
    abstains_special_interest: bool,
    abstention_reason: str,
    now: datetime.datetime,
) -> Officer:
    """What `written_consent_record` refuses, for a form to ask before it saves."""
    if meeting.kind != BoardMeeting.Kind.WRITTEN:
        raise ResolutionError(_("書面決議ではありません。"), field="meeting")
    if meeting.consents_completed_on is not None:
        raise ResolutionError(_("この書面決議は既に成立しています。"), field="meeting")
    officer = directors_in_office().filter(pk=officer_id).first()
    if officer is None:
        raise ResolutionError(_("在任中の理事を選んでください。"), field="officer")
    if WrittenConsent.objects.filter(meeting=meeting, officer=officer).exists():
        raise ResolutionError(_("この理事の同意書は既に記録されています。"), field="officer")
    if abstains_special_interest:
        if not abstention_reason:
            raise ResolutionError(
                _("特別利害関係の内容を記入してください。"), field="abstention_reason"
            )
        return officer
    if consented_at is None:
        raise ResolutionError(_("同意書の到達日時を入力してください。"), field="consented_at")
    _check_arrival(meeting, consented_at, now, "consented_at")
    if not has_document and not received_note:
        raise ResolutionError(
            _("署名済みの同意書（PDF）を添付するか、受領の方法を記入してください。"),
            field="document",
        )
    return officer


def written_consent_record(
    *,
    meeting_id: int,
    officer_id: int,
    actor,
    consented_at: datetime.datetime | None = None,
    document=None,
    received_note: str = "",
    abstains_special_interest: bool = False,
    abstention_reason: str = "",
    now: datetime.datetime | None = None,
) -> WrittenConsent:
    """Record a director's signed 同意書 (when it arrived, the PDF or how it was received),
    or the director's abstention for a special interest; adopt the resolution if complete."""
    now = now or timezone.now()
    received_note = (received_note or "").strip()
    abstention_reason = (abstention_reason or "").strip()
    if abstains_special_interest:
        consented_at, document, received_note = None, None, ""
    with transaction.atomic():
        meeting = _lock(meeting_id)
        officer = written_consent_check(
            meeting=meeting,
            officer_id=officer_id,
            consented_at=consented_at,
            has_document=bool(document),
            received_note=received_note,
            abstains_special_interest=abstains_special_interest,
            abstention_reason=abstention_reason,
            now=now,
        )
        consent = WrittenConsent(
            meeting=meeting,
            officer=officer,
            consented_at=consented_at,
            received_note=received_note,
            abstains_special_interest=abstains_special_interest,
            abstention_reason=abstention_reason,
            recorded_by=actor,
        )
        if document:
            consent.document = document
        consent.save()
        audit_log(
            actor=actor,
            action=(
                "written_resolution.abstention"
                if abstains_special_interest
                else "written_resolution.consent"
            ),
            target=meeting,
            data={
                "officer_id": officer.pk,
                "officer": officer.name,
                "consented_at": consented_at.isoformat() if consented_at else None,
                "document": consent.document.name or "",
                "received_note": received_note,
                "abstention_reason": abstention_reason,
            },
        )
        _adopt_if_complete(meeting, actor=actor)
    return consent


def auditor_statement_check(
    *,
    meeting: BoardMeeting,
    officer_id: int | None,
    opinion: str,
    received_at: datetime.datetime | None,
    now: datetime.datetime,
) -> Officer:
    """What `auditor_statement_record` refuses, for a form to ask before it saves."""
    if meeting.kind != BoardMeeting.Kind.WRITTEN:
        raise ResolutionError(_("書面決議ではありません。"), field="meeting")
    if meeting.consents_completed_on is not None:
        raise ResolutionError(_("この書面決議は既に成立しています。"), field="meeting")
    if opinion not in AuditorStatement.Opinion.values:
        raise ResolutionError(_("異議の有無を選んでください。"), field="opinion")
    officer = auditors_in_office().filter(pk=officer_id).first()
    if officer is None:
        raise ResolutionError(_("在任中の監事を選んでください。"), field="officer")
    if AuditorStatement.objects.filter(meeting=meeting, officer=officer).exists():
        raise ResolutionError(_("この監事の意見は既に記録されています。"), field="officer")
    if received_at is None:
        raise ResolutionError(_("到達日時を入力してください。"), field="received_at")
    _check_arrival(meeting, received_at, now, "received_at")
    return officer


def auditor_statement_record(
    *,
    meeting_id: int,
    officer_id: int,
    opinion: str,
    received_at: datetime.datetime,
    actor,
    document=None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> AuditorStatement:
    """Record an auditor's statement on the proposal. An objection keeps it from adoption."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _lock(meeting_id)
        officer = auditor_statement_check(
            meeting=meeting,
            officer_id=officer_id,
            opinion=opinion,
            received_at=received_at,
            now=now,
        )
        statement = AuditorStatement(
            meeting=meeting,
            officer=officer,
            opinion=opinion,
            received_at=received_at,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        if document:
            statement.document = document
        statement.save()
        audit_log(
            actor=actor,
            action="written_resolution.auditor_statement",
            target=meeting,
            to_state=opinion,
            data={
                "officer_id": officer.pk,
                "officer": officer.name,
                "received_at": received_at.isoformat(),
                "document": statement.document.name or "",
            },
        )
        _adopt_if_complete(meeting, actor=actor)
    return statement


def _adopt_if_complete(meeting: BoardMeeting, *, actor) -> None:
    state = written_resolution_state(meeting)
    if not state.adopted:
        return
    old_status = meeting.status
    meeting.consents_completed_on = state.completed_on
    meeting.status = BoardMeeting.Status.HELD
    meeting.save(update_fields=["consents_completed_on", "status"])
    audit_log(
        actor=actor,
        action="written_resolution.adopted",
        target=meeting,
        from_state=old_status,
        to_state=meeting.status,
        data={
            "consents_completed_on": meeting.consents_completed_on.isoformat(),
            "consented": [c.officer_id for c in state.consents],
            "abstaining": [c.officer_id for c in state.abstaining],
        },
    )


def meeting_attendance_record(
    *,
    meeting_id: int,
    attended_officer_ids: Iterable[int],
    actor,
    today: datetime.date | None = None,
) -> list[MeetingAttendance]:
    """Record, for every officer in office, whether they attended the held meeting, with
    the role they hold today. Recorded again, the rows are corrected (and audited)."""
    today = today or timezone.localdate()
    attended = set(attended_officer_ids)
    with transaction.atomic():
        meeting = BoardMeeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.kind != BoardMeeting.Kind.HELD:
            raise ResolutionError(_("出席は開催した理事会にだけ記録します。"))
        if meeting.date > today:
            raise ResolutionError(_("開催日より前に出席は記録できません。"))
        if meeting.status == BoardMeeting.Status.MINUTES_APPROVED:
            raise ResolutionError(_("議事録が承認済みの理事会の出席は変更できません。"))
        officers = list(Officer.objects.filter(is_active=True).order_by("order", "id"))
        unknown = attended - {o.pk for o in officers}
        if unknown:
            raise ResolutionError(_("在任中の役員を選んでください。"), field="attended")
        rows = []
        for officer in officers:
            row, _created = MeetingAttendance.objects.update_or_create(
                meeting=meeting,
                officer=officer,
                defaults={
                    "role": officer.role,
                    "attended": officer.pk in attended,
                    "recorded_by": actor,
                },
            )
            rows.append(row)
        audit_log(
            actor=actor,
            action="board_meeting.attendance",
            target=meeting,
            data={"attended": sorted(attended), "officers": [o.pk for o in officers]},
        )
    return rows


def board_meeting_minutes_approve(*, meeting_id: int, actor, minutes_file=None) -> BoardMeeting:
    """Mark the minutes approved: only with the signed minutes attached and, for a held
    meeting, its attendance recorded with a quorum (a written resolution: adopted)."""
    with transaction.atomic():
        meeting = BoardMeeting.objects.select_for_update().get(pk=meeting_id)
        if meeting.status == BoardMeeting.Status.MINUTES_APPROVED:
            raise ResolutionError(_("議事録は既に承認済みです。"))
        if minutes_file:
            meeting.minutes_file = minutes_file
        problems = minutes_approval_problems(meeting)
        if problems:
            raise ResolutionError(" ".join(str(p) for p in problems), field="status")
        old_status = meeting.status
        meeting.status = BoardMeeting.Status.MINUTES_APPROVED
        meeting.save(update_fields=["status", "minutes_file"])
        audit_log(
            actor=actor,
            action="board_meeting.status",
            target=meeting,
            from_state=old_status,
            to_state=meeting.status,
            data={"minutes_file": meeting.minutes_file.name},
        )
    return meeting
