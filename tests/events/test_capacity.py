"""The pure rules of places: open or closed, a place or the wait-list, how many move up."""

import datetime

import pytest

from events import capacity

T = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)
H = datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    ("now", "starts_at", "ends_at", "closes_at", "closed"),
    [
        (T - H, T, T + H, None, False),
        (T + H / 2, T, T + H, None, False),  # running: still open without a closing time
        (T + 2 * H, T, T + H, None, True),
        (T - 2 * H, T, T + H, T - 3 * H, True),  # past the closing time
        (T - 4 * H, T, T + H, T - 3 * H, False),
        (T - H, None, None, None, True),  # no date, no registration
        (T + H, T, None, None, True),
    ],
)
def test_registration_closed(now, starts_at, ends_at, closes_at, closed):
    assert (
        capacity.registration_closed(
            now=now, starts_at=starts_at, ends_at=ends_at, closes_at=closes_at
        )
        is closed
    )


@pytest.mark.parametrize(
    ("count", "cap", "confirmed", "waiting", "expected"),
    [
        (2, None, 50, 0, ["confirmed", "confirmed"]),
        (3, 5, 3, 0, ["confirmed", "confirmed", "waitlisted"]),
        (1, 5, 5, 0, ["waitlisted"]),
        (1, 5, 4, 1, ["waitlisted"]),  # someone waits ahead: no jumping the queue
        (1, 0, 0, 0, ["waitlisted"]),
    ],
)
def test_statuses_for(count, cap, confirmed, waiting, expected):
    assert (
        capacity.statuses_for(count=count, capacity=cap, confirmed=confirmed, waiting=waiting)
        == expected
    )


@pytest.mark.parametrize(
    ("cap", "confirmed", "waiting", "moving"),
    [(5, 4, 3, 1), (5, 5, 3, 0), (10, 4, 3, 3), (None, 4, 2, 2), (5, 7, 1, 0)],
)
def test_promotions(cap, confirmed, waiting, moving):
    assert capacity.promotions(capacity=cap, confirmed=confirmed, waiting=waiting) == moving


@pytest.mark.parametrize(
    ("limit", "already", "adding", "over"),
    [(None, 10, 10, False), (3, 1, 2, False), (3, 2, 2, True), (1, 0, 1, False)],
)
def test_company_limit(limit, already, adding, over):
    assert capacity.over_company_limit(limit=limit, already=already, adding=adding) is over
