"""`manage.py audit_verify`: walk the audit log's hash chain; exit 1 at the first broken entry.

An entry whose content no longer matches its hash was changed; an entry whose link does not
name the hash of the entry before it follows a removed, inserted or reordered one. The
latest entries removed together leave no trace in the chain itself: compare the count or
the last hash printed here with an earlier run (kept outside the database) to see that."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from aiga.audit import audit_chain_verify
from aiga.models import AuditEntry

REASONS = {
    "content": "its content does not match its hash (the entry was changed)",
    "link": "it does not link to the entry before it (an entry was removed or inserted)",
}


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken entry."

    def handle(self, *args, **options):
        checked, broken = audit_chain_verify()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at entry {broken.entry_id}: {REASONS[broken.reason]}. "
                f"{checked} entries before it are intact."
            )
        head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        last = f" The last is entry {head[0]}, hash {head[1]}." if head else ""
        self.stdout.write(f"Audit chain intact: {checked} entries.{last}")
