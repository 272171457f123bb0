"""A written resolution's papers (一般法人法 §96): the 提案書 sent to every director and
auditor, and one 同意書 per director to sign and return. Japanese documents, whoever
downloads them; the proposal items come from the apps that put them on the meeting."""

from __future__ import annotations

import datetime

from django.conf import settings

from aiga.pdf import render_pdf
from members.models.governance import BoardMeeting
from members.selectors.resolutions import (
    auditors_in_office,
    directors_in_office,
    representative_director,
)
from members.signals import written_resolution_items

REPLY_DAYS = 7


def proposal_items(meeting: BoardMeeting) -> list[dict]:
    """The items every receiver of `written_resolution_items` returns, numbered 第1号議案…"""
    items = []
    for _receiver, answer in written_resolution_items.send(sender=BoardMeeting, meeting=meeting):
        items.extend(answer or [])
    return _numbered(items)


def _numbered(items: list[dict]) -> list[dict]:
    return [
        {"number": n, "title": item["title"], "detail": item.get("detail", [])}
        for n, item in enumerate(items, start=1)
    ]


def _context(meeting, items, reply_by) -> dict:
    return {
        "meeting": meeting,
        "items": proposal_items(meeting) if items is None else _numbered(items),
        "reply_by": reply_by or meeting.date + datetime.timedelta(days=REPLY_DAYS),
        "association": settings.ASSOCIATION,
        "proposer": representative_director(),
        "directors": list(directors_in_office()),
        "auditors": list(auditors_in_office()),
    }


def written_resolution_proposal_pdf(
    *, meeting_id: int, items: list[dict] | None = None, reply_by: datetime.date | None = None
) -> bytes:
    """「理事会の決議の省略に関する提案書」: the proposer (代表理事), the date, the items and
    the request to return the signed consent by `reply_by` (default: a week after)."""
    meeting = BoardMeeting.objects.get(pk=meeting_id, kind=BoardMeeting.Kind.WRITTEN)
    return render_pdf(
        "members/written_resolution_proposal_pdf.html", _context(meeting, items, reply_by)
    )


def written_resolution_consent_forms_pdf(
    *, meeting_id: int, items: list[dict] | None = None, reply_by: datetime.date | None = None
) -> bytes:
    """One 同意書 page per director in office, their name printed, to date and sign."""
    meeting = BoardMeeting.objects.get(pk=meeting_id, kind=BoardMeeting.Kind.WRITTEN)
    return render_pdf(
        "members/written_resolution_consent_pdf.html", _context(meeting, items, reply_by)
    )
