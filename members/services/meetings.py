"""Board meetings as the secretariat records them: every change written with who made it,
the old and the new values (the admin saves through here). A new date is told to the
directors, and to the joining flow (`members.signals_meetings.board_meeting_moved`) for the
applicants who were told the old one."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import NoReverseMatch, reverse

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from members.models import BoardMeeting
from members.selectors.board import board_directors
from members.services.people import user_addressee
from members.signals_meetings import board_meeting_moved

MOVED_TEMPLATE = "board_meeting_moved"


def _raw(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def board_meeting_save(*, meeting: BoardMeeting, changed: Iterable[str], actor) -> BoardMeeting:
    """Create the meeting, or save the fields the secretariat changed. A change of status is
    its own audit entry (from → to); the other changes are listed with their old values."""
    changed = [name for name in changed if name != "status"] + (
        ["status"] if "status" in changed else []
    )
    with transaction.atomic():
        if meeting.pk is None:
            meeting.save()
            audit_log(
                actor=actor,
                action="board_meeting.create",
                target=meeting,
                to_state=meeting.status,
                data={"kind": meeting.kind, "date": meeting.date.isoformat()},
            )
            return meeting
        old = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
        fields = [name for name in changed if hasattr(old, name)]
        if not fields:
            return meeting
        meeting.save(update_fields=fields)
        edits = {
            name: [_raw(getattr(old, name)), _raw(getattr(meeting, name))]
            for name in fields
            if name != "status"
        }
        if edits:
            audit_log(actor=actor, action="board_meeting.update", target=meeting, data=edits)
        if "date" in fields and old.date != meeting.date:
            _meeting_moved(meeting=meeting, old_date=old.date, actor=actor)
        if "status" in fields and old.status != meeting.status:
            audit_log(
                actor=actor,
                action="board_meeting.status",
                target=meeting,
                from_state=old.status,
                to_state=meeting.status,
            )
    return meeting


def meeting_context(meeting: BoardMeeting) -> dict:
    """The meeting as e-mails name it (raw values; `board_meeting_name` writes it out)."""
    return {
        "id": meeting.pk,
        "date": meeting.date.isoformat(),
        "kind": meeting.kind,
        "title": meeting.title,
        "number": meeting.number,
    }


def _board_url() -> str:
    try:
        return settings.SITE_URL + reverse("admissions:board_home")
    except NoReverseMatch:
        return settings.SITE_URL


def _meeting_moved(*, meeting: BoardMeeting, old_date: datetime.date, actor) -> None:
    """Inside the saving transaction: audit the move, e-mail each director, and tell the
    apps above (the joining flow tells the applicants who were told the old date)."""
    directors = list(board_directors())
    entry = audit_log(
        actor=actor,
        action="board_meeting.moved",
        target=meeting,
        from_state=old_date.isoformat(),
        to_state=meeting.date.isoformat(),
        data={"directors_told": [user.pk for user in directors]},
    )
    context = {
        "meeting": meeting_context(meeting),
        "old_date": old_date.isoformat(),
        "new_date": meeting.date.isoformat(),
        "board_url": _board_url(),
    }
    for user in directors:
        outbox_enqueue(
            to=user.email,
            template_key=MOVED_TEMPLATE,
            purpose=MOVED_TEMPLATE,
            target=meeting,
            language=user.language,
            idempotency_key=f"{MOVED_TEMPLATE}:{entry.pk}:user:{user.pk}",
            context={"addressee": user_addressee(user), **context},
        )
    board_meeting_moved.send(
        sender=BoardMeeting,
        meeting=meeting,
        old_date=old_date,
        new_date=meeting.date,
        actor=actor,
        change_id=entry.pk,
    )
