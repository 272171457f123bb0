"""Reads for the review and the board: the next meeting, the approval queue, the
secretariat's overview. Each owns its select_related/prefetch_related."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.fees import NoScheduleError, calculate_fee
from billing.selectors import fee_schedule
from members.admissions import workflow
from members.admissions.models import AgendaItem, Application, ApplicationContact, ReviewCheck
from members.models import BoardMeeting

REVIEW_STATUSES = (
    workflow.Status.SUBMITTED,
    workflow.Status.CORRECTION_REQUESTED,
    workflow.Status.WITH_BOARD,
)


def required_check_kinds(category: str) -> list[str]:
    K = ReviewCheck.Kind
    if category == workflow.EXPERT:
        return [K.ANTISOCIAL, K.RECOMMENDER]
    return [K.ANTISOCIAL, K.CORPORATE_NUMBER, K.CAPITAL, K.PARENT_MEMBER]


def latest_checks(application: Application) -> dict[str, ReviewCheck]:
    """The latest check of each kind (uses a prefetched `review_checks` when present)."""
    latest: dict[str, ReviewCheck] = {}
    checks = sorted(application.review_checks.all(), key=lambda c: (c.recorded_at, c.pk))
    for check in checks:
        latest[check.kind] = check
    return latest


def current_agenda_item(application: Application) -> AgendaItem | None:
    return (
        AgendaItem.objects.select_related("meeting")
        .filter(application=application, outcome=AgendaItem.Outcome.PENDING)
        .first()
    )


def meetings_open_for_agenda(*, today: datetime.date):
    """The meetings an application can be put on: planned ones from today on, and held ones
    whose minutes are not approved yet (a written resolution only until its consents are in)."""
    return BoardMeeting.objects.filter(
        Q(status=BoardMeeting.Status.PLANNED, date__gte=today) | Q(status=BoardMeeting.Status.HELD),
        consents_completed_on__isnull=True,
    ).order_by("date", "number")


def _agenda_prefetch(item_ids: list[int] | None = None):
    applications = Application.objects.select_related(
        "industry", "recommender", "board_decision"
    ).prefetch_related("review_checks", "contacts")
    items = AgendaItem.objects.select_related("carried_over_from")
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    return Prefetch(
        "agenda",
        queryset=items.prefetch_related(Prefetch("application", queryset=applications)).order_by(
            "number", "id"
        ),
    )


def agenda_item_ids(meeting: BoardMeeting) -> list[int]:
    """The ids of a meeting's agenda items in the agenda's order (for paging through it)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("number", "id")
        .values_list("id", flat=True)
    )


def meetings_with_agenda(
    *,
    meeting_ids: list[int] | None = None,
    today: datetime.date | None = None,
    item_ids: list[int] | None = None,
):
    """Meetings with their agenda and everything a director needs to decide (only the items
    `item_ids` when given: one page of a long agenda).

    Without meeting ids: the meetings that still have undecided items, and the planned ones."""
    qs = BoardMeeting.objects.prefetch_related(_agenda_prefetch(item_ids)).order_by("date", "id")
    if meeting_ids is not None:
        return list(qs.filter(pk__in=meeting_ids))
    today = today or timezone.localdate()
    pending = AgendaItem.objects.filter(outcome=AgendaItem.Outcome.PENDING).values("meeting_id")
    return list(
        qs.filter(pk__in=pending) | qs.filter(status=BoardMeeting.Status.PLANNED, date__gte=today)
    )


@dataclass(frozen=True)
class AgendaRow:
    number_label: str
    application_id: int
    reference: str
    name: str
    outcome: str
    carried_over_from: str


def meeting_agenda_rows(meeting: BoardMeeting) -> list[AgendaRow]:
    """A meeting's agenda as the admin lists it, from the columns shown only (two queries
    however long it is): each item's number, application (an expert by the representative's
    name), outcome and the meeting it was carried over from."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("number", "id")
        .values(
            "number",
            "outcome",
            "application_id",
            "application__legal_name",
            "application__category",
            "application__applicant_name",
            "carried_over_from_id",
        )
    )
    experts = [i["application_id"] for i in items if i["application__category"] == "expert"]
    representatives = {
        c["application_id"]: f"{c['family_name']} {c['given_name']}".strip()
        for c in ApplicationContact.objects.filter(
            application_id__in=experts, is_member_representative=True
        ).values("application_id", "family_name", "given_name")
    }
    origins = {
        m.pk: m.name
        for m in BoardMeeting.objects.filter(
            pk__in={i["carried_over_from_id"] for i in items if i["carried_over_from_id"]}
        )
    }
    outcomes = dict(AgendaItem.Outcome.choices)
    return [
        AgendaRow(
            number_label=_("第%(number)s号議案") % {"number": i["number"]},
            application_id=i["application_id"],
            reference=Application.reference_of(i["application_id"]),
            name=(
                representatives.get(i["application_id"]) or i["application__applicant_name"]
                if i["application__category"] == "expert"
                else i["application__legal_name"]
            ),
            outcome=str(outcomes.get(i["outcome"], "")),
            carried_over_from=origins.get(i["carried_over_from_id"], ""),
        )
        for i in items
    ]


@dataclass
class QueueRow:
    item: AgendaItem
    application: Application
    checks: list[tuple[str, ReviewCheck | None]]
    quote: dict
    decision: object | None
    parent_members: list = field(default_factory=list)


def queue_rows(meeting: BoardMeeting, *, schedule=None) -> list[QueueRow]:
    """The rows of a meeting's agenda, with the quote at the meeting's admission date."""

    schedule = fee_schedule() if schedule is None else schedule
    on = meeting.admission_date or meeting.date
    rows = []
    fees: dict[tuple, dict | None] = {}
    for item in meeting.agenda.all():
        app = item.application
        latest = latest_checks(app)
        checks = [(kind, latest.get(kind)) for kind in required_check_kinds(app.category)]
        # The fee depends on the fee inputs and the meeting's date only: computed once for
        # each distinct set of inputs on the agenda, not once per application.
        inputs = tuple(sorted(app.fee_inputs.items(), key=lambda kv: kv[0]))
        if inputs not in fees:
            try:
                fee = calculate_fee(
                    **app.fee_inputs,
                    admission_date=on,
                    schedule=schedule,
                    date_basis="board_meeting",
                )
                fees[inputs] = {
                    "tier": fee.tier,
                    "admission_fee": fee.admission_fee,
                    "annual_fee": fee.annual_fee,
                    "total": fee.total,
                    "half": str(fee.half),
                    "admission_date": fee.admission_date,
                }
            except (NoScheduleError, ValueError):
                fees[inputs] = None
        quote = fees[inputs] or {"total": app.quoted_total, "tier": app.quoted_tier}
        rows.append(
            QueueRow(
                item=item,
                application=app,
                checks=checks,
                quote=quote,
                decision=getattr(app, "board_decision", None)
                if item.outcome == AgendaItem.Outcome.DECIDED
                else None,
            )
        )
    return rows


OVERVIEW_ROWS = 20


def applications_by_status(
    *, now: datetime.datetime | None = None, limit: int = OVERVIEW_ROWS
) -> list[dict]:
    """The applications in review, grouped by status: how many, and the `limit` that have
    waited longest (oldest first, with the time waiting). The rest are a click away in the
    list, so the overview costs the same however many are waiting."""
    now = now or timezone.now()
    counts = dict(
        Application.objects.filter(status__in=REVIEW_STATUSES)
        .values_list("status")
        .annotate(n=Count("id"))
    )
    groups = []
    for status in REVIEW_STATUSES:
        apps = list(
            Application.objects.filter(status=status)
            .prefetch_related("contacts")  # an expert's display name is their representative's
            .order_by("status_changed_at", "id")[:limit]
        )
        for app in apps:
            app.waiting = now - app.status_changed_at
        groups.append(
            {
                "status": status,
                "label": Application.Status(status).label,
                "applications": apps,
                "count": counts.get(str(status), 0),
            }
        )
    return groups


def waiting_for_corrections(*, now: datetime.datetime | None = None) -> list[Application]:
    now = now or timezone.now()
    apps = list(
        Application.objects.filter(status=workflow.Status.CORRECTION_REQUESTED)
        .prefetch_related("correction_requests", "contacts")
        .order_by("status_changed_at")
    )
    for app in apps:
        app.waiting = now - app.status_changed_at
        rounds = list(app.correction_requests.all())
        app.open_round = rounds[-1] if rounds else None
    return apps


def waiting_days(delta: datetime.timedelta) -> int:
    return max(delta.days, 0)
