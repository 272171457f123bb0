"""The public members' page: who is listed."""

from __future__ import annotations

from django.db.models import QuerySet

from members.models import MemberListing


def public_listings() -> QuerySet[MemberListing]:
    """Members who consented to be listed, with a membership that has not ended."""
    return (
        MemberListing.objects.filter(is_listed=True, organisation__memberships__status="active")
        .select_related("organisation")
        .distinct()
        .order_by("organisation__legal_name_kana", "display_name")
    )
