"""What a director reads to decide an application: one selector for /board/ and the board
pack, so the page and the document never disagree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone

from members import choices
from members.admissions import workflow
from members.admissions.models import AgendaItem, Application, ReviewCheck
from members.admissions.selectors.review import (
    AgendaRow,
    agenda_item_ids,
    meeting_agenda_rows,
    meetings_with_agenda,
    queue_rows,
)
from members.choices import label_in
from members.meeting_dates import working_days_before
from members.models import BoardMeeting


@dataclass
class CheckLine:
    label: str
    result: str  # the result's label, or "" when not recorded
    clean: bool
    recorded: bool
    method: str = ""
    checked_on: datetime.date | None = None
    override_reason: str = ""


@dataclass
class Person:
    name: str
    title: str = ""
    department: str = ""


@dataclass
class BoardItem:
    """One application on one meeting's agenda, as the board reads it."""

    item: AgendaItem
    application: Application
    number: int | None  # 第〇号議案, when the meeting numbers its items
    category: str
    tier: str
    quote: dict
    decision: object | None
    checks: list[CheckLine]
    legal_representative: Person | None = None
    member_representative: Person | None = None
    parent: str = ""
    recommender: str = ""
    expert_profile: str = ""
    carried_over_from: BoardMeeting | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def all_clean(self) -> bool:
        return all(c.clean for c in self.checks)


def _person(contact) -> Person | None:
    if contact is None:
        return None
    return Person(name=contact.full_name, title=contact.title, department=contact.department)


def _check_lines(row) -> list[CheckLine]:
    lines = []
    for kind, check in row.checks:
        lines.append(
            CheckLine(
                label=str(ReviewCheck.Kind(kind).label),
                result=str(check.get_result_display()) if check else "",
                clean=bool(check and check.is_clean),
                recorded=check is not None,
                method=check.method if check else "",
                checked_on=check.checked_on if check else None,
                override_reason=check.override_reason if check else "",
            )
        )
    return lines


def board_items(meeting: BoardMeeting, *, schedule=None) -> list[BoardItem]:
    """The meeting's agenda as the board reads it (the meeting from `board_meeting`, with its
    agenda prefetched)."""
    items = []
    for row in queue_rows(meeting, schedule=schedule):
        app = row.application
        contacts = list(app.contacts.all())
        legal = next((c for c in contacts if c.is_legal_representative), None)
        member = next((c for c in contacts if c.is_member_representative), None)
        parent = ""
        if app.has_parent:
            ratio = f"{app.parent_ratio.normalize():f}" if app.parent_ratio is not None else "—"
            parent = f"{app.parent_name}（{ratio}%）"
        items.append(
            BoardItem(
                item=row.item,
                application=app,
                number=getattr(row.item, "number", None),
                category=str(app.get_category_display()),
                tier=label_in(choices.Tier, row.quote.get("tier") or "", "ja"),
                quote=row.quote,
                decision=row.decision,
                checks=_check_lines(row),
                legal_representative=_person(legal),
                member_representative=_person(member),
                parent=parent,
                recommender=str(app.recommender or ""),
                expert_profile=app.expert_profile,
                carried_over_from=row.item.carried_over_from,
            )
        )
    return items


def board_meeting(meeting_id: int, *, item_ids: list[int] | None = None) -> BoardMeeting | None:
    """One meeting with everything its agenda needs (only the items `item_ids` when given)."""
    found = meetings_with_agenda(meeting_ids=[meeting_id], item_ids=item_ids)
    return found[0] if found else None


BOARD_ITEMS_PER_PAGE = 10


@dataclass
class AgendaPage:
    """One page of a meeting's agenda on /board/: its items in full, and the whole agenda as
    a light index (number, name, outcome, page), so a page costs the same however long the
    agenda is."""

    meeting: BoardMeeting
    page: Page
    items: list[BoardItem]
    index: list[tuple[AgendaRow, int]]

    @property
    def paged(self) -> bool:
        return self.page.paginator.num_pages > 1


def board_agenda_page(
    meeting_id: int, *, page: str | int | None = None, schedule=None
) -> AgendaPage | None:
    """The page `page` (1-based; out of range: the nearest) of a meeting's agenda."""
    meeting = BoardMeeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return None
    paginator = Paginator(agenda_item_ids(meeting), BOARD_ITEMS_PER_PAGE)
    current = paginator.get_page(page)
    meeting = board_meeting(meeting_id, item_ids=list(current.object_list))
    # Built for a one-page agenda too (the page shows it only for several): the page's
    # queries stay the same whatever the agenda's length.
    index = [
        (row, position // BOARD_ITEMS_PER_PAGE + 1)
        for position, row in enumerate(meeting_agenda_rows(meeting))
    ]
    return AgendaPage(
        meeting=meeting,
        page=current,
        items=board_items(meeting, schedule=schedule),
        index=index,
    )


def board_meeting_choices(*, today: datetime.date | None = None) -> list[BoardMeeting]:
    """The meetings a director chooses between on /board/: those with undecided items and
    the planned ones ahead, by date."""
    today = today or timezone.localdate()
    pending = AgendaItem.objects.filter(outcome=AgendaItem.Outcome.PENDING).values("meeting_id")
    return list(
        BoardMeeting.objects.filter(
            Q(pk__in=pending) | Q(status=BoardMeeting.Status.PLANNED, date__gte=today)
        ).order_by("date", "id")
    )


def default_board_meeting(
    meetings: list[BoardMeeting], *, today: datetime.date | None = None
) -> BoardMeeting | None:
    """The meeting /board/ opens on: the earliest one whose date has come and that still has
    undecided items (the board can act on it now), else the next one ahead."""
    today = today or timezone.localdate()
    pending = set(
        AgendaItem.objects.filter(
            outcome=AgendaItem.Outcome.PENDING, meeting__in=meetings
        ).values_list("meeting_id", flat=True)
    )
    actionable = [m for m in meetings if m.pk in pending and m.date <= today]
    if actionable:
        return actionable[0]
    ahead = [m for m in meetings if m.date >= today]
    return ahead[0] if ahead else (meetings[-1] if meetings else None)


def board_application(application_id: int) -> Application | None:
    """An application a director may read in full: one that has been on the board's agenda."""
    return (
        Application.objects.filter(pk=application_id, agenda_items__isnull=False)
        .select_related("industry", "recommender")
        .prefetch_related("contacts", "consents__document")
        .distinct()
        .first()
    )


def written_resolution_proposals(meeting: BoardMeeting) -> list[dict]:
    """The proposal items of a written resolution: one 「…の入会承認の件」 per application on
    its agenda, in the agenda's order (for the 提案書 and the 同意書)."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .exclude(outcome__in=[AgendaItem.Outcome.CARRIED_OVER, AgendaItem.Outcome.REMOVED])
        .select_related("application")
        .order_by("id")
    )
    proposals = []
    for item in items:
        app = item.application
        tier = label_in(choices.Tier, app.quoted_tier, "ja") if app.quoted_tier else ""
        detail = [
            f"受付番号 {app.reference}　{tier or label_in(choices.MemberKind, app.category, 'ja')}"
        ]
        if app.category == workflow.CORPORATE:
            detail.append(f"法人番号 {app.corporate_number}")
            detail.append(f"所在地 〒{app.postal_code} {app.full_address}")
        elif app.legal_name:
            detail.append(f"所属 {app.legal_name}")
        proposals.append({"title": f"{app.display_name}の入会承認の件", "detail": detail})
    return proposals


def next_agenda(*, today: datetime.date) -> dict | None:
    """The next board meeting an application (re)submitted today can still reach, and the
    last day to (re)submit for it (BOARD_AGENDA_CLOSES_WORKING_DAYS working days before the
    meeting), as an e-mail's context holds them: {"date": ISO, "closes_on": ISO}. None when
    no meeting is planned yet (the e-mails then say 「毎月中旬頃」)."""
    lead = settings.BOARD_AGENDA_CLOSES_WORKING_DAYS
    planned = BoardMeeting.objects.filter(
        status=BoardMeeting.Status.PLANNED, kind=BoardMeeting.Kind.HELD, date__gt=today
    ).order_by("date", "id")
    for meeting in planned[:6]:
        closes_on = working_days_before(meeting.date, lead)
        if closes_on >= today:
            return {"date": meeting.date.isoformat(), "closes_on": closes_on.isoformat()}
    return None
