"""A meeting's new date, told to the applicants on its agenda who were told the old one."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from aiga.audit import audit_log
from aiga.models import OutboxMessage
from aiga.outbox import outbox_enqueue
from members.admissions.models import AgendaItem, Application
from members.admissions.services.applications import applicant_addressee
from members.models import BoardMeeting
from members.services.meetings import meeting_context

TEMPLATE = "board_meeting_moved_applicant"


def applications_told_meeting_date(
    *, meeting: BoardMeeting, old_date: datetime.date
) -> list[Application]:
    """The applications awaiting this meeting's decision whose applicant an e-mail told the
    date: one whose context names the meeting (`meeting.id`), or a meeting on the old date
    (`meeting.date`, as `services.review.meeting_context` writes it)."""
    applications = [
        item.application
        for item in AgendaItem.objects.filter(
            meeting=meeting, outcome=AgendaItem.Outcome.PENDING
        ).select_related("application")
    ]
    if not applications:
        return []
    told = set(
        OutboxMessage.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id__in=[str(a.pk) for a in applications],
        )
        .filter(Q(context__meeting__id=meeting.pk) | Q(context__meeting__date=old_date.isoformat()))
        .exclude(status=OutboxMessage.Status.CANCELLED)
        .values_list("object_id", flat=True)
    )
    return [a for a in applications if str(a.pk) in told]


def applicants_tell_meeting_moved(
    *, meeting: BoardMeeting, old_date: datetime.date, actor, change_id: int
) -> list[Application]:
    """Inside the meeting's saving transaction: e-mail each applicant told the old date."""
    told = applications_told_meeting_date(meeting=meeting, old_date=old_date)
    for application in told:
        outbox_enqueue(
            to=application.applicant_email,
            template_key=TEMPLATE,
            purpose=TEMPLATE,
            target=application,
            language=application.language,
            idempotency_key=f"{TEMPLATE}:{change_id}:application:{application.pk}",
            context={
                "addressee": applicant_addressee(application),
                "reference": application.reference,
                "name": application.display_name,
                "meeting": meeting_context(meeting),
                "old_date": old_date.isoformat(),
                "new_date": meeting.date.isoformat(),
            },
        )
        audit_log(
            actor=actor,
            action="application.meeting_moved_told",
            target=application,
            data={
                "meeting_id": meeting.pk,
                "old_date": old_date.isoformat(),
                "new_date": meeting.date.isoformat(),
            },
        )
    return told
