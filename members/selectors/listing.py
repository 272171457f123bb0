"""The public members' page: who is listed."""

from __future__ import annotations

from django.db.models import QuerySet

from members.models import MemberListing
from members.selectors.memberships import current_members


def public_listings() -> QuerySet[MemberListing]:
    """Current members (issued, not ended) who consented to be listed."""
    return (
        MemberListing.objects.filter(is_listed=True, organisation__in=current_members())
        .select_related("organisation")
        .order_by("organisation__legal_name_kana", "display_name")
    )


def public_listing_cards() -> list[dict]:
    """What the public members' page shows of each listing, and nothing else."""
    return list(public_listings().values("pk", "display_name", "website", "logo"))
