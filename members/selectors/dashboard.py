"""The register's figures for the secretariat's dashboard: today's members by kind and
tier (the same definition as the registers: issued, begun, not ended)."""

from __future__ import annotations

import datetime

from django.db.models import Count

from members.choices import Tier
from members.selectors.memberships import current_memberships


def members_by_tier(*, on: datetime.date) -> dict[str, int]:
    """{"regular": n, "smb": n, "expert": n} on `on` (every tier present, 0 when none)."""
    counts = dict(
        current_memberships(on=on)
        .order_by()
        .values_list("category")
        .annotate(n=Count("organisation", distinct=True))
    )
    return {tier.value: counts.get(tier.value, 0) for tier in Tier}
