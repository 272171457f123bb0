"""Who the members are. One definition of "a current member" for everything that counts
members: the public members' page, the portal, and later the registers, the general
assembly's roster, the Navi benchmark, agendas and renewals."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from members.models import Membership, Organisation


def current_memberships(*, on: datetime.date | None = None) -> QuerySet[Membership]:
    """Memberships issued (fees paid, member number given), begun, and not ended on `on`
    (Tokyo's today by default); a past `on` gives the members of that day."""
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(issued_at__isnull=False, admission_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        # Ended without an end date (a withdrawal not yet dated): no longer counted.
        .exclude(status=Membership.Status.ENDED, end_date__isnull=True)
    )


def current_members(*, on: datetime.date | None = None) -> QuerySet[Organisation]:
    """The organisations (companies and experts) that are members on `on`."""
    return Organisation.objects.filter(pk__in=current_memberships(on=on).values("organisation"))


def current_membership(organisation: Organisation, *, on: datetime.date | None = None):
    """The organisation's membership in force on `on`, or None (not issued, not begun, or
    ended)."""
    return (
        current_memberships(on=on)
        .filter(organisation=organisation)
        .order_by("-admission_date", "-id")
        .first()
    )
