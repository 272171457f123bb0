"""Board meetings as the secretariat records them: every change written with who made it,
the old and the new values (the admin saves through here)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models.fields.files import FieldFile

from aiga.audit import audit_log
from members.models import BoardMeeting


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
        if "status" in fields and old.status != meeting.status:
            audit_log(
                actor=actor,
                action="board_meeting.status",
                target=meeting,
                from_state=old.status,
                to_state=meeting.status,
            )
    return meeting
