"""Organisations as the review asks for them."""

from __future__ import annotations

from members.models import Organisation


def parent_member_matches(parent_name: str) -> list[Organisation]:
    """Organisations with a membership whose legal name matches the parent company's."""
    name = (parent_name or "").strip()
    if not name:
        return []
    return list(
        Organisation.objects.filter(legal_name__iexact=name, memberships__isnull=False).distinct()
    )
