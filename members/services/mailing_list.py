"""The members' mailing list, kept as a log of changes the secretariat exports as CSV."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from aiga.audit import audit_log
from aiga.exports import csv_bytes
from members.choices import label_in
from members.models import MailingListChange, MailingListExport, Organisation


def mailing_list_add(*, organisation: Organisation, emails: Iterable[str], actor=None) -> int:
    """The addresses join the organisation's list (each once)."""
    added = 0
    on_list = mailing_list_addresses(organisation)
    for email in emails or []:
        email = (email or "").strip()
        if not email or email.lower() in on_list:
            continue
        MailingListChange.objects.create(
            organisation=organisation, email=email, action=MailingListChange.Action.ADD
        )
        on_list.add(email.lower())
        added += 1
    audit_log(actor=actor, action="mailing_list.add", target=organisation, data={"added": added})
    return added


CSV_HEADER = ["変更", "メールアドレス", "会員番号", "会員名", "登録日時"]


def mailing_list_export(*, actor) -> MailingListExport | None:
    """A CSV of every change not exported yet; None when nothing changed."""
    with transaction.atomic():
        changes = list(
            MailingListChange.objects.select_for_update()
            .filter(export__isnull=True)
            .select_related("organisation")
            .order_by("created_at", "id")
        )
        if not changes:
            return None
        rows = [
            [
                # A document for people: 追加 / 削除, not the stored code.
                label_in(MailingListChange.Action, change.action, "ja"),
                change.email,
                change.organisation.member_number or "",
                change.organisation.legal_name,
                timezone.localtime(change.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
            for change in changes
        ]
        export = MailingListExport(
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            row_count=len(changes),
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        export.file.save(
            f"mailing-list-{stamp}.csv", ContentFile(csv_bytes(CSV_HEADER, rows)), save=False
        )
        export.save()
        MailingListChange.objects.filter(pk__in=[c.pk for c in changes]).update(export=export)
        audit_log(
            actor=actor, action="mailing_list.export", target=export, data={"rows": len(changes)}
        )
    return export


def mailing_list_addresses(organisation: Organisation) -> set[str]:
    """The organisation's addresses on the list now (lower case), from its log of changes."""
    on_list: set[str] = set()
    for change in organisation.mailing_list_changes.order_by("id"):
        if change.action == MailingListChange.Action.ADD:
            on_list.add(change.email.lower())
        else:
            on_list.discard(change.email.lower())
    return on_list


def mailing_list_subscription_set(
    *, organisation: Organisation, email: str, subscribed: bool, actor
) -> bool:
    """A person joins or leaves their organisation's list; True when something changed."""
    email = (email or "").strip()
    if not email:
        return False
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        on_list = email.lower() in mailing_list_addresses(organisation)
        if on_list == subscribed:
            return False
        MailingListChange.objects.create(
            organisation=organisation,
            email=email,
            action=MailingListChange.Action.ADD if subscribed else MailingListChange.Action.REMOVE,
        )
        audit_log(
            actor=actor,
            action="mailing_list.subscribe" if subscribed else "mailing_list.unsubscribe",
            target=organisation,
        )
    return True
