"""Member numbers: AIGA-0001 onwards, given once when the membership is first issued; the
membership counts as issued (`Membership.issued_at`) from that moment."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from aiga.audit import audit_log
from members.models import Organisation


def _format_member_number(n: int) -> str:
    return f"AIGA-{n:04d}"


def member_number_assign(*, organisation: Organisation, actor=None) -> str:
    """The next free member number, once and for ever (serialised by a lock), and the
    organisation's memberships not issued yet become issued now."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _issue_memberships(organisation=organisation, actor=actor)
        if organisation.member_number:
            return organisation.member_number
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x41494741])  # "AIGA"
        used = Organisation.objects.exclude(member_number__isnull=True).values_list(
            "member_number", flat=True
        )
        highest = max((int(n.split("-", 1)[1]) for n in used if n), default=0)
        organisation.member_number = _format_member_number(highest + 1)
        organisation.save(update_fields=["member_number", "updated_at"])
        audit_log(
            actor=actor,
            action="organisation.member_number",
            target=organisation,
            to_state=organisation.member_number,
        )
    return organisation.member_number


def _issue_memberships(*, organisation: Organisation, actor) -> None:
    now = timezone.now()
    for membership in organisation.memberships.select_for_update().filter(issued_at__isnull=True):
        membership.issued_at = now
        membership.save(update_fields=["issued_at"])
        audit_log(
            actor=actor,
            action="membership.issued",
            target=membership,
            data={"organisation": organisation.pk, "category": membership.category},
        )
