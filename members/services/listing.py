"""The public members' page: a company's name and logo, only with its consent."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from members.models import MemberListing, Organisation
from members.roles import is_secretariat
from members.scoping import managing_contact


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


class ListingError(Exception):
    """A refused change to the members' page listing; the message is shown."""


def listing_logo_submit(*, organisation: Organisation, actor, logo) -> MemberListing:
    """A new logo from the portal (already cleaned by ImageUploadField), waiting for the
    secretariat; the listed one stays until then."""
    contact = managing_contact(actor)
    if contact is None or contact.organisation_id != organisation.pk:
        raise ListingError(_("ロゴは会員代表者または実務担当の方が登録できます。"))
    with transaction.atomic():
        listing, _created = MemberListing.objects.select_for_update().get_or_create(
            organisation=organisation, defaults={"display_name": organisation.legal_name}
        )
        listing.pending_logo = logo
        listing.pending_logo_submitted_at = timezone.now()
        listing.save(update_fields=["pending_logo", "pending_logo_submitted_at"])
        audit_log(actor=actor, action="members_page.logo_submit", target=organisation)
    return listing


def listing_logo_approve(*, listing: MemberListing, actor) -> MemberListing:
    """The pending logo replaces the listed one (the public page is drawn again)."""
    if not is_secretariat(actor):
        raise ListingError(_("ロゴを承認する権限がありません。"))
    with transaction.atomic():
        locked = MemberListing.objects.select_for_update().get(pk=listing.pk)
        if not locked.pending_logo:
            raise ListingError(_("承認待ちのロゴはありません。"))
        locked.logo.name = locked.pending_logo.name
        locked.pending_logo.name = ""
        locked.pending_logo_submitted_at = None
        locked.save(update_fields=["logo", "pending_logo", "pending_logo_submitted_at"])
        audit_log(actor=actor, action="members_page.logo_approve", target=locked.organisation)
    return locked


def listing_logo_reject(*, listing: MemberListing, actor) -> MemberListing:
    """The pending logo is set aside; the listed one stays."""
    if not is_secretariat(actor):
        raise ListingError(_("ロゴを承認する権限がありません。"))
    with transaction.atomic():
        locked = MemberListing.objects.select_for_update().get(pk=listing.pk)
        if not locked.pending_logo:
            raise ListingError(_("承認待ちのロゴはありません。"))
        locked.pending_logo.name = ""
        locked.pending_logo_submitted_at = None
        locked.save(update_fields=["pending_logo", "pending_logo_submitted_at"])
        audit_log(actor=actor, action="members_page.logo_reject", target=locked.organisation)
    return locked
