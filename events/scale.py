"""Events at scale (`manage.py seed_scale`): the association's calendar of the last twelve
months and the next three — a monthly All-Hands, a Spotlight each month, a symposium a
year — with the members' registrations: about a third of the corporate members register one
or two of their people for each members' event, the Spotlight's places run out (its
capacity grows with the scale) so later ones wait, and past events have their attendance
(most attended, some no-shows, a few walk-ins). The symposium has guests (一般・報道).

Written with bulk_create. Reads ctx.shared["organisations"] (members' scale).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from events.models import Event, EventKind, Registration
from members.models import Contact

REGISTERING_SHARE = 0.35  # of corporate members, for each members' event
NO_SHOW_SHARE = 0.15


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _plan(today: datetime.date, ctx) -> list[dict]:
    """The events: (kind key, title, day, hours, audience, capacity)."""
    events = []
    first = (today.replace(day=1) - datetime.timedelta(days=365)).replace(day=1)
    month = first
    number = 1
    while month <= today + datetime.timedelta(days=90):
        all_hands_day = month + datetime.timedelta(days=17)
        events.append(
            {
                "kind": "all_hands",
                "title": f"AIGA Monthly All-Hands {month:%Y年%m月}（規模）",
                "day": all_hands_day,
                "hours": (16, 18),
                "audience": "members",
                "capacity": None,
                "online": True,
            }
        )
        events.append(
            {
                "kind": "spotlight",
                "title": f"AI GA Spotlight（規模）#{number}",
                "day": month + datetime.timedelta(days=9),
                "hours": (12, 13),
                "audience": "members",
                "capacity": ctx.count(30),
                "online": False,
            }
        )
        number += 1
        if month.month == 11:
            events.append(
                {
                    "kind": "symposium",
                    "title": f"年次シンポジウム{month:%Y}（規模）",
                    "day": month + datetime.timedelta(days=27),
                    "hours": (13, 18),
                    "audience": "public",
                    "capacity": ctx.count(300),
                    "online": False,
                }
            )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return events


def seed(ctx) -> None:
    rng = ctx.random
    today = ctx.today
    kinds = {kind.key: kind for kind in EventKind.objects.all()}
    organisations = [o for o in ctx.shared["organisations"] if o.kind == "corporate"]
    people: dict[int, list[Contact]] = {}
    for contact in Contact.objects.filter(organisation__in=organisations, is_active=True).order_by(
        "id"
    ):
        people.setdefault(contact.organisation_id, []).append(contact)

    plan = _plan(today, ctx)
    events = Event.objects.bulk_create(
        Event(
            kind=kinds[row["kind"]],
            title=row["title"],
            starts_at=_at(row["day"], row["hours"][0]),
            ends_at=_at(row["day"], row["hours"][1]),
            venue="オンライン" if row["online"] else "AIGA事務局 会議室",
            is_online=row["online"],
            audience=row["audience"],
            capacity=row["capacity"],
        )
        for row in plan
    )

    registrations = []
    for event in events:
        past = event.starts_at.date() < today
        confirmed = 0
        for organisation in organisations:
            if rng.random() >= REGISTERING_SHARE or not people.get(organisation.pk):
                continue
            contacts = people[organisation.pk][: rng.choice((1, 1, 2))]
            for contact in contacts:
                full = event.capacity is not None and confirmed >= event.capacity
                status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
                attendance = ""
                if past and status == Registration.Status.CONFIRMED:
                    attendance = (
                        Registration.Attendance.NO_SHOW
                        if rng.random() < NO_SHOW_SHARE
                        else Registration.Attendance.ATTENDED
                    )
                registrations.append(
                    Registration(
                        event=event,
                        contact=contact,
                        organisation=organisation,
                        category=Registration.Category.MEMBER,
                        status=status,
                        waitlisted_at=event.starts_at - datetime.timedelta(days=3)
                        if full
                        else None,
                        attendance=attendance,
                        checked_in_at=event.starts_at
                        if attendance == Registration.Attendance.ATTENDED
                        else None,
                    )
                )
                confirmed += status == Registration.Status.CONFIRMED
        if event.audience == "public":
            for index in range(ctx.count(20)):
                category = rng.choice((Registration.Category.GUEST, Registration.Category.PRESS))
                registrations.append(
                    Registration(
                        event=event,
                        category=category,
                        status=Registration.Status.CONFIRMED,
                        name=f"来場 {index + 1}",
                        organisation_name="架空メディア株式会社"
                        if category == Registration.Category.PRESS
                        else "一般",
                        email=f"guest-{event.pk}-{index}@example.jp",
                        email_confirmed_at=event.starts_at - datetime.timedelta(days=10),
                        attendance=Registration.Attendance.ATTENDED if past else "",
                        checked_in_at=event.starts_at if past else None,
                    )
                )
    Registration.objects.bulk_create(registrations, batch_size=2000)
    ctx.write(f"events: {len(events)} events, {len(registrations)} registrations")
