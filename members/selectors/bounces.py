"""Contacts whose e-mail bounced for good, for the admin's index and the secretariat's
e-mail (aiga.health)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aiga.health import Failure
from members.models import Contact


def bounce_failures() -> list[Failure]:
    contacts = (
        Contact.objects.filter(is_active=True, email_bounced_at__isnull=False)
        .select_related("organisation")
        .order_by("-email_bounced_at")[:50]
    )
    return [
        Failure(
            key=f"bounce:{contact.pk}:{contact.email_bounced_at.isoformat()}",
            kind=_("メール不達（宛先の確認が必要）"),
            detail=f"{contact.full_name}（{contact.organisation}） {contact.email}",
            url=reverse("admin:members_contact_change", args=[contact.pk]),
        )
        for contact in contacts
    ]
