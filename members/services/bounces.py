"""Bounced e-mails recorded against the contact when the mail provider reports them.

The provider's webhook (members.views.bounces) or the secretariat's admin action gives the
address, whether the failure is permanent, and the provider's diagnostic. Every active
contact with that address (or as a CC address) records it; a permanent one shows on the
admin's index until the address is corrected (aiga.health)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from aiga.audit import audit_log
from members.models import Contact


def bounce_record(*, email: str, permanent: bool, reason: str = "", actor=None) -> int:
    """Record a bounce against the contacts with this address. Returns how many."""
    email = (email or "").strip().lower()
    if not email:
        return 0
    now = timezone.now()
    reason = (("恒久的なエラー" if permanent else "一時的なエラー") + ": " + (reason or ""))[:300]
    with transaction.atomic():
        contacts = list(
            Contact.objects.select_for_update()
            .annotate(cc_text=Cast("cc_emails", TextField()))
            .filter(Q(email__iexact=email) | Q(cc_text__icontains=f'"{email}"'), is_active=True)
            .order_by("pk")
        )
        for contact in contacts:
            contact.email_bounced_at = now if permanent else contact.email_bounced_at
            contact.email_bounce_reason = reason
            contact.save(update_fields=["email_bounced_at", "email_bounce_reason"])
            audit_log(
                actor=actor,
                action="contact.bounce",
                target=contact,
                note=reason,
                data={"email": email, "permanent": permanent},
            )
    return len(contacts)


def bounce_clear(*, contact: Contact, actor) -> None:
    """The address was checked or corrected: the contact is no longer flagged."""
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        locked.email_bounced_at = None
        locked.email_bounce_reason = ""
        locked.save(update_fields=["email_bounced_at", "email_bounce_reason"])
        audit_log(actor=actor, action="contact.bounce_clear", target=locked)
