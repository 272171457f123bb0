"""The public members' page: a company's name and logo, only with its consent."""

from __future__ import annotations

from django.utils import timezone

from aiga.audit import audit_log
from members.models import MemberListing, Organisation


def members_page_publish(
    *, organisation: Organisation, consent: bool, logo_name: str = "", actor=None
) -> MemberListing:
    """Name and logo on the public members' page, listed only with the company's consent."""
    listing, _created = MemberListing.objects.get_or_create(
        organisation=organisation, defaults={"display_name": organisation.legal_name}
    )
    listing.display_name = organisation.legal_name
    listing.website = organisation.website
    if logo_name and not listing.logo:
        listing.logo.name = logo_name
    listing.is_listed = bool(consent)
    listing.listed_at = (listing.listed_at or timezone.now()) if listing.is_listed else None
    listing.save()
    audit_log(
        actor=actor,
        action="members_page.publish",
        target=organisation,
        to_state="listed" if listing.is_listed else "not_listed",
    )
    return listing
