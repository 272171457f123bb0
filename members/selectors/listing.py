"""The public members' page: who is listed, and in which order."""

from __future__ import annotations

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from members.kana import gojuon_key
from members.models import MemberListing, Organisation
from members.selectors.memberships import current_members, current_memberships


def public_listings() -> QuerySet[MemberListing]:
    """Current members (issued, not ended) who consented to be listed."""
    return (
        MemberListing.objects.filter(is_listed=True, organisation__in=current_members())
        .select_related("organisation")
        .order_by("organisation__legal_name_kana", "display_name")
    )


def public_listing_cards() -> dict[str, list[dict]]:
    """What the public members' page shows of each listing, and nothing else: the companies
    (logo, name, web site; the SMB tier only when MEMBERS_PAGE_SHOW_SMB_TIER says so) and
    the experts (name and affiliation), each in 五十音 order of the reading without the
    legal form. One query."""
    category = Subquery(
        current_memberships()
        .filter(organisation=OuterRef("organisation"))
        .order_by("-admission_date", "-id")
        .values("category")[:1]
    )
    rows = (
        public_listings()
        .annotate(category=category)
        .values(
            "pk",
            "display_name",
            "website",
            "logo",
            "affiliation",
            "category",
            "organisation__kind",
            "organisation__legal_name_kana",
        )
    )
    show_smb = getattr(settings, "MEMBERS_PAGE_SHOW_SMB_TIER", False)
    companies, experts = [], []
    for row in rows:
        card = {
            "pk": row["pk"],
            "display_name": row["display_name"],
            "website": row["website"],
            "logo": row["logo"],
            "affiliation": row["affiliation"],
            "is_smb": show_smb and row["category"] == "smb",
            "key": gojuon_key(row["organisation__legal_name_kana"], row["display_name"]),
        }
        if row["organisation__kind"] == Organisation.Kind.INDIVIDUAL:
            experts.append(card)
        else:
            companies.append(card)
    return {
        "companies": sorted(companies, key=lambda c: c["key"]),
        "experts": sorted(experts, key=lambda c: c["key"]),
    }
