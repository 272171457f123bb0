"""Organisations as the review asks for them, and who holds their 会員代表者 role."""

from __future__ import annotations

from members.models import Contact, Organisation


def member_representative(organisation: Organisation) -> Contact | None:
    """The organisation's 会員代表者: its active holder (a constraint keeps it to one)."""
    return organisation.contacts.filter(is_active=True, is_member_representative=True).first()


def representative_contact(organisation: Organisation, user) -> Contact | None:
    """The user's contact when it is the organisation's active 会員代表者; None otherwise."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Contact.objects.filter(
        organisation=organisation, user=user, is_member_representative=True, is_active=True
    ).first()


def parent_member_matches(parent_name: str) -> list[Organisation]:
    """Organisations with a membership whose legal name matches the parent company's."""
    name = (parent_name or "").strip()
    if not name:
        return []
    return list(
        Organisation.objects.filter(legal_name__iexact=name, memberships__isnull=False).distinct()
    )
