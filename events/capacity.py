"""Places at an event, as pure rules (tested as tables): whether registration is open,
whether a new registration takes a place or waits, how many waiting people move up when
places free, and a company's limit."""

from __future__ import annotations

import datetime

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
UNCONFIRMED = "unconfirmed"
AWAITING_APPROVAL = "awaiting_approval"
CANCELLED = "cancelled"

# The statuses that hold a place (or will, once the guest confirms or is approved: a guest's
# place is taken when confirmed, so pending ones do not count).
HOLDS_PLACE = (CONFIRMED,)


def registration_closed(
    *,
    now: datetime.datetime,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
) -> bool:
    """Closed at the set time, or (with none set) when the event is over; an event with no
    date takes no registrations."""
    if starts_at is None:
        return True
    if closes_at is not None and now >= closes_at:
        return True
    return now >= (ends_at or starts_at)


def places_left(*, capacity: int | None, confirmed: int) -> int | None:
    """Free places; None when the event has no limit."""
    if capacity is None:
        return None
    return max(capacity - confirmed, 0)


def statuses_for(*, count: int, capacity: int | None, confirmed: int, waiting: int) -> list[str]:
    """The status of each of `count` new registrations, in order: a place while one is free
    and nobody waits ahead of them, the wait-list after that."""
    free = places_left(capacity=capacity, confirmed=confirmed)
    result = []
    for _ in range(count):
        if waiting == 0 and (free is None or free > 0):
            result.append(CONFIRMED)
            if free is not None:
                free -= 1
        else:
            result.append(WAITLISTED)
            waiting += 1
    return result


def promotions(*, capacity: int | None, confirmed: int, waiting: int) -> int:
    """How many of the wait-list move up: as many as there are free places."""
    free = places_left(capacity=capacity, confirmed=confirmed)
    if free is None:
        return waiting
    return min(free, waiting)


def over_company_limit(*, limit: int | None, already: int, adding: int) -> bool:
    return limit is not None and already + adding > limit
