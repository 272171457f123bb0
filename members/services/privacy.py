"""Personal data of former contacts: anonymised when the retention period is over.

A former contact is one taken off the register (在籍 off, `left_at`) or a contact of a
company whose withdrawal completed. PRIVACY_RETENTION_DAYS later their name, reading, title,
department, e-mail, phone and postal address are replaced, in the row and its history, and a
log-in of theirs is closed and anonymised too (staff accounts are not touched). What the
invoices, receipts and payments say about them is their own snapshot, kept with the books for
ten years (aiga.retention) and never touched here.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from aiga.audit import audit_log
from aiga.exports import xlsx_sheets_bytes
from aiga.personal_data import personal_data_collect
from aiga.retention import ANONYMISED, anonymise_cutoff
from members.models import Contact, Membership, Organisation, PortalInvitation, User, Withdrawal
from members.services.people import is_privileged


def _cutoff_datetime(*, today: datetime.date) -> datetime.datetime:
    cutoff = anonymise_cutoff(today=today, days=settings.PRIVACY_RETENTION_DAYS)
    return timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.max))


def anonymous_email(kind: str, pk: int) -> str:
    return f"anonymised-{kind}-{pk}@example.invalid"


def contact_values(contact_pk: int) -> dict:
    return {
        "family_name": ANONYMISED,
        "given_name": "",
        "family_name_kana": "",
        "given_name_kana": "",
        "title": "",
        "department": "",
        "email": anonymous_email("contact", contact_pk),
        "cc_emails": [],
        "phone": "",
        "invoice_postal_address": "",
        "email_bounce_reason": "",
    }


def contacts_due(*, today: datetime.date) -> QuerySet[Contact]:
    cutoff = _cutoff_datetime(today=today)
    left = Q(is_active=False, left_at__lte=cutoff)
    withdrawn = Q(
        organisation__withdrawals__status=Withdrawal.Status.COMPLETED,
        organisation__withdrawals__completed_at__lte=cutoff,
    ) & ~Q(
        organisation__memberships__status__in=[
            Membership.Status.ACTIVE,
            Membership.Status.SUSPENDED,
        ]
    )
    return Contact.objects.filter(left | withdrawn, anonymised_at__isnull=True).distinct()


def _user_anonymise(user_id: int) -> bool:
    user = User.objects.select_for_update().get(pk=user_id)
    if is_privileged(user):
        return False
    values = {"email": anonymous_email("user", user.pk), "full_name": "", "is_active": False}
    User.objects.filter(pk=user.pk).update(password="!", **values)
    User.history.filter(id=user.pk).update(**values)
    return True


def contact_anonymise(*, contact_id: int, now: datetime.datetime) -> dict[str, int]:
    """One former contact's particulars replaced (row and history). Returns the counts."""
    counts = {"contacts": 0, "users": 0}
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact_id)
        if contact.anonymised_at is not None:
            return counts
        values = contact_values(contact.pk)
        Contact.objects.filter(pk=contact.pk).update(anonymised_at=now, **values)
        Contact.history.filter(id=contact.pk).update(**values)
        PortalInvitation.objects.filter(contact=contact).update(
            email=anonymous_email("contact", contact.pk)
        )
        counts["contacts"] = 1
        if contact.user_id and _user_anonymise(contact.user_id):
            counts["users"] = 1
    return counts


def contacts_anonymise_due(*, today: datetime.date, now: datetime.datetime) -> dict[str, int]:
    totals = {"contacts": 0, "users": 0}
    for contact_id in list(contacts_due(today=today).values_list("pk", flat=True)):
        for key, value in contact_anonymise(contact_id=contact_id, now=now).items():
            totals[key] += value
    return totals


def personal_data_export(*, actor, email: str = "", organisation: Organisation | None = None):
    """Everything held about a person (by e-mail) or an organisation, as one workbook
    (開示請求). The export is audited: who asked for whose data, when."""
    email = (email or "").strip().lower()
    sheets = personal_data_collect(
        email=email or None, organisation_id=organisation.pk if organisation else None
    )
    content = xlsx_sheets_bytes((s.title, s.header, s.rows) for s in sheets)
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="privacy.export",
            target=organisation,
            note=email,
            data={"sheets": len(sheets), "rows": sum(len(s.rows) for s in sheets)},
        )
    return content
