"""Read queries for events: who may see which, upcoming and past, what someone registered
for. Each list owns its prefetching so a page costs the same however many events."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet

from events import access
from events.models import Event, EventMaterial, Registration, Speaker
from members.roles import is_secretariat
from members.scoping import user_organisation


def _with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("kind", "organiser").prefetch_related(
        Prefetch(
            "speakers",
            queryset=Speaker.objects.select_related("contact__organisation"),
        ),
        Prefetch("materials", queryset=EventMaterial.objects.all()),
        "segments__presenter",
        "press",
    )


def published_events() -> QuerySet:
    return Event.objects.filter(is_published=True)


def visible_events(user) -> QuerySet:
    """The events the user may see: public ones for everyone, members-only ones for a
    member, invited ones for the invited organisations; the secretariat sees all."""
    if is_secretariat(user):
        return published_events()
    organisation = user_organisation(user)
    if organisation is None:
        return published_events().filter(audience=access.PUBLIC)
    return published_events().filter(
        Q(audience__in=(access.PUBLIC, access.MEMBERS))
        | Q(audience=access.INVITED, invited_organisations=organisation)
    )


def visible_event(user, pk: int) -> Event | None:
    """One event the user may see, with what its page shows; None when there is none."""
    return _with_details(visible_events(user)).filter(pk=pk).distinct().first()


def event_visible_to(event: Event, user) -> bool:
    organisation = user_organisation(user)
    invited = (
        set(event.invited_organisations.values_list("pk", flat=True))
        if event.audience == access.INVITED and organisation is not None
        else set()
    )
    return event.is_published and access.audience_admits(
        event.audience,
        organisation_id=organisation.pk if organisation else None,
        invited_ids=invited,
        is_secretariat=is_secretariat(user),
    )


def _upcoming(queryset: QuerySet, now: datetime.datetime) -> QuerySet:
    return queryset.filter(
        Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
    ).order_by("starts_at", "id")


def _past(queryset: QuerySet, now: datetime.datetime) -> QuerySet:
    return queryset.exclude(
        Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
    ).order_by("date_unconfirmed", "-starts_at", "-number", "-id")


def member_upcoming(user, *, now: datetime.datetime) -> QuerySet:
    return _with_details(_upcoming(visible_events(user), now).distinct())


def member_past(user, *, now: datetime.datetime) -> QuerySet:
    return _with_details(_past(visible_events(user), now).distinct())


def public_events() -> QuerySet:
    """Every public event, past or to come, with what its page shows."""
    return _with_details(published_events().filter(audience=access.PUBLIC))


def public_upcoming(*, now: datetime.datetime) -> QuerySet:
    events = published_events().filter(audience=access.PUBLIC, kind__is_external=False)
    return _with_details(_upcoming(events, now))


def public_highlights(*, now: datetime.datetime) -> QuerySet:
    """Past public events of the kinds shown as the association's record (symposiums,
    Meetups)."""
    events = published_events().filter(audience=access.PUBLIC, kind__is_highlight=True)
    return _with_details(_past(events, now))


def public_feed_events(*, since: datetime.datetime) -> QuerySet:
    return (
        published_events()
        .filter(audience=access.PUBLIC, starts_at__gte=since)
        .select_related("kind")
        .order_by("starts_at")
    )


def registered_events(user, *, since: datetime.datetime) -> QuerySet:
    """The events the user registered for (a year back and onward), for their calendar."""
    return (
        visible_events(user)
        .filter(
            registrations__user=user,
            registrations__status=Registration.Status.CONFIRMED,
            starts_at__gte=since,
        )
        .distinct()
        .select_related("kind")
        .order_by("starts_at")
    )


def registration_for(event: Event, user) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def registered_event_ids(user) -> set[int]:
    """The events the user holds a place at (not those they wait for)."""
    rows = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED)
    return set(rows.values_list("event_id", flat=True))


def waitlisted_event_ids(user) -> set[int]:
    rows = Registration.objects.filter(user=user, status=Registration.Status.WAITLISTED)
    return set(rows.values_list("event_id", flat=True))


def material_for(pk: int) -> EventMaterial | None:
    return EventMaterial.objects.select_related("event").filter(pk=pk).first()


def _active(queryset: QuerySet) -> QuerySet:
    return queryset.exclude(status=Registration.Status.CANCELLED)


def company_registrations(event: Event, organisation) -> QuerySet:
    """The company's people registered (or waiting) for the event."""
    return _active(
        Registration.objects.filter(event=event, organisation=organisation)
    ).select_related("contact")


def registrable_contacts(organisation) -> QuerySet:
    """The company's people who may be registered: active, with an address to write to."""
    from members.models import Contact

    return Contact.objects.filter(organisation=organisation, is_active=True).exclude(email="")


def company_registration(organisation, pk: int) -> Registration | None:
    """One of the company's registrations; None for another company's."""
    return (
        Registration.objects.select_related("event__kind")
        .filter(pk=pk, organisation=organisation)
        .first()
    )


def event_counts(event: Event) -> dict:
    """Registered, wait-listed, awaiting, attended, no-shows, members and guests."""
    from django.db.models import Count

    R = Registration
    rows = Registration.objects.filter(event=event)
    return rows.aggregate(
        confirmed=Count("pk", filter=Q(status=R.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=R.Status.WAITLISTED)),
        pending=Count(
            "pk", filter=Q(status__in=(R.Status.UNCONFIRMED, R.Status.AWAITING_APPROVAL))
        ),
        cancelled=Count("pk", filter=Q(status=R.Status.CANCELLED)),
        attended=Count("pk", filter=Q(attendance=R.Attendance.ATTENDED)),
        no_shows=Count("pk", filter=Q(attendance=R.Attendance.NO_SHOW)),
        members=Count("pk", filter=Q(category=R.Category.MEMBER) & ~Q(status=R.Status.CANCELLED)),
        guests=Count("pk", filter=~Q(category=R.Category.MEMBER) & ~Q(status=R.Status.CANCELLED)),
        walk_ins=Count("pk", filter=Q(is_walk_in=True)),
    )


def checkin_rows(event: Event, *, query: str = "") -> QuerySet:
    """The reception's list: everyone expected (and those waiting or awaiting approval),
    searched by name, reading, company or address."""
    rows = (
        _active(Registration.objects.filter(event=event))
        .exclude(status=Registration.Status.UNCONFIRMED)
        .select_related("contact", "organisation", "user")
        .order_by(
            "organisation__legal_name_kana",
            "organisation_name",
            "contact__family_name_kana",
            "name",
            "pk",
        )
    )
    query = query.strip()
    if query:
        rows = rows.filter(
            Q(contact__family_name__icontains=query)
            | Q(contact__given_name__icontains=query)
            | Q(contact__family_name_kana__icontains=query)
            | Q(contact__given_name_kana__icontains=query)
            | Q(organisation__legal_name__icontains=query)
            | Q(name__icontains=query)
            | Q(organisation_name__icontains=query)
            | Q(email__icontains=query)
            | Q(contact__email__icontains=query)
        )
    return rows


def event_for_staff(pk: int) -> Event | None:
    return Event.objects.select_related("kind").filter(pk=pk).first()


def registration_of_event(event: Event, pk: int) -> Registration | None:
    return Registration.objects.filter(event=event, pk=pk).first()


def public_event_for_guests(pk: int) -> Event | None:
    return published_events().select_related("kind").filter(pk=pk, audience=access.PUBLIC).first()


def agenda_rows(event: Event) -> list[dict]:
    """The agenda's ② rows: each company, its 会員代表者 and when its membership was issued."""
    from members.models import Contact

    representatives = Prefetch(
        "organisation__contacts",
        queryset=Contact.objects.filter(is_active=True, is_member_representative=True),
        to_attr="representatives",
    )
    rows = (
        event.introductions.select_related("organisation")
        .prefetch_related(representatives)
        .order_by("order", "pk")
    )
    result = []
    for position, introduction in enumerate(rows, start=1):
        people = introduction.organisation.representatives
        representative = people[0] if people else None
        result.append(
            {
                "position": position,
                "introduction": introduction,
                "organisation": introduction.organisation.legal_name,
                "representative": representative.full_name if representative else "",
                "representative_title": representative.title if representative else "",
                "issued_at": introduction.issued_at,
                "invited_at": introduction.invited_at,
            }
        )
    return result


def _tokyo_bounds(since: datetime.date, until: datetime.date):
    from django.utils import timezone

    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    return start, end


def engagement_rows(*, since: datetime.date, until: datetime.date, today: datetime.date):
    """Per current member: events attended in the period, by kind, people who came, the
    last attendance ever, and whether nothing was attended in six months (a renewal risk)."""
    from django.db.models import Count, Max
    from django.utils import timezone

    from events.engagement import at_risk
    from members.selectors.memberships import current_members

    start, end = _tokyo_bounds(since, until)
    members = list(
        current_members(on=until)
        .annotate(member_since=Max("memberships__admission_date"))
        .order_by("legal_name_kana", "legal_name", "pk")
    )
    attended = Registration.objects.filter(
        attendance=Registration.Attendance.ATTENDED, organisation__in=[m.pk for m in members]
    )
    in_period = attended.filter(event__starts_at__gte=start, event__starts_at__lte=end)
    totals = {
        row["organisation_id"]: row
        for row in in_period.values("organisation_id").annotate(
            events=Count("event", distinct=True), people=Count("contact", distinct=True)
        )
    }
    kinds: dict[int, list[str]] = {}
    by_kind = (
        in_period.values("organisation_id", "event__kind__name", "event__kind__order")
        .annotate(n=Count("event", distinct=True))
        .order_by("event__kind__order", "event__kind__name")
    )
    for row in by_kind:
        kinds.setdefault(row["organisation_id"], []).append(
            f"{row['event__kind__name']} {row['n']}"
        )
    last = dict(
        attended.values("organisation_id")
        .annotate(last=Max("event__starts_at"))
        .values_list("organisation_id", "last")
    )
    rows = []
    for organisation in members:
        total = totals.get(organisation.pk, {})
        last_at = last.get(organisation.pk)
        last_day = timezone.localtime(last_at).date() if last_at else None
        rows.append(
            {
                "organisation": organisation.legal_name,
                "member_number": organisation.member_number or "",
                "events": total.get("events", 0),
                "people": total.get("people", 0),
                "kinds": "、".join(kinds.get(organisation.pk, [])),
                "last_attended": last_day,
                "at_risk": at_risk(last_day, today=today, member_since=organisation.member_since),
            }
        )
    return rows


def event_report_rows(*, since: datetime.date, until: datetime.date) -> QuerySet:
    """Per event of the period: registered, wait-listed, attended, no-shows, members, guests."""
    from django.db.models import Count

    R = Registration
    start, end = _tokyo_bounds(since, until)
    active = ~Q(registrations__status=R.Status.CANCELLED)
    return (
        Event.objects.filter(starts_at__gte=start, starts_at__lte=end, kind__is_external=False)
        .select_related("kind")
        .annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status=R.Status.CONFIRMED)),
            n_waitlisted=Count(
                "registrations", filter=Q(registrations__status=R.Status.WAITLISTED)
            ),
            n_attended=Count(
                "registrations", filter=Q(registrations__attendance=R.Attendance.ATTENDED)
            ),
            n_no_shows=Count(
                "registrations", filter=Q(registrations__attendance=R.Attendance.NO_SHOW)
            ),
            n_members=Count(
                "registrations", filter=active & Q(registrations__category=R.Category.MEMBER)
            ),
            n_guests=Count(
                "registrations", filter=active & ~Q(registrations__category=R.Category.MEMBER)
            ),
        )
        .order_by("starts_at", "pk")
    )
