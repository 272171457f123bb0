"""Reading certificates: the member's own, and what /verify/<code>/ may say about one."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from members.models import MembershipCertificate
from members.scoping import scope_to_organisation
from members.selectors.memberships import current_membership


def member_certificates(user) -> QuerySet[MembershipCertificate]:
    """The certificates of the user's own organisation, newest first (403 without one)."""
    return scope_to_organisation(MembershipCertificate.objects.all(), user).order_by(
        "-issued_at", "-id"
    )


def certificate_verification(code: str, *, today: datetime.date | None = None) -> dict | None:
    """What the public may learn from a certificate's code, and only that: that it is
    genuine, when it was issued, for whom (as printed on it), and whether that company is a
    member today. None for a code nobody was given."""
    if not code or len(code) > 64:
        return None
    certificate = (
        MembershipCertificate.objects.select_related("organisation")
        .filter(code=code)
        .only("issued_on", "holder_name", "organisation")
        .first()
    )
    if certificate is None:
        return None
    return {
        "issued_on": certificate.issued_on,
        "holder_name": certificate.holder_name,
        "member_today": current_membership(certificate.organisation, on=today) is not None,
    }
