"""The memberships behind the growth figures: every issued one, as spans (one query)."""

from __future__ import annotations

import datetime

from members.growth import Month, Span, monthly_growth
from members.models import Membership


def membership_spans() -> list[Span]:
    rows = (
        Membership.objects.filter(issued_at__isnull=False)
        .exclude(status=Membership.Status.ENDED, end_date__isnull=True)
        .values_list("admission_date", "end_date")
    )
    return [Span(admitted, ended) for admitted, ended in rows]


def member_growth(*, today: datetime.date) -> list[Month]:
    return monthly_growth(membership_spans(), today=today)
