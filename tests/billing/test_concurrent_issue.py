"""Five hundred invoices issued at once from several connections: the numbers are gapless and
unique, and the audit chain, which every issue appends to, is intact afterwards. The cost of
the chain's lock is measured by scripts/bench_audit_chain.py, not here."""

import datetime
import queue
import threading

import pytest
from django.db import connection

from aiga.audit import audit_chain_verify
from aiga.models import AuditEntry
from billing.models import Invoice, InvoiceLine
from billing.services import invoices as invoicing
from tests.billing.invoice_helpers import DUES_LINES

INVOICES = 500
THREADS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_500_concurrent_issues_are_numbered_without_gaps_and_chained(
    issuer, organisation, monkeypatch
):
    assert connection.vendor == "postgresql"
    # Rendering and sending after commit is not what is under test (and would take minutes).
    monkeypatch.setattr(invoicing, "_queue_finalise", lambda invoice_id: None)
    created = Invoice.objects.bulk_create(
        Invoice(organisation=organisation, subject=f"件名{n}") for n in range(INVOICES)
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=draft, position=position, **line)
        for draft in created
        for position, line in enumerate(DUES_LINES, start=1)
    )
    drafts = [draft.pk for draft in created]
    todo: queue.Queue[int] = queue.Queue()
    for pk in drafts:
        todo.put(pk)
    start = threading.Barrier(THREADS, timeout=60)
    errors: list[BaseException] = []

    def worker():
        try:
            start.wait()
            while True:
                try:
                    pk = todo.get_nowait()
                except queue.Empty:
                    return
                invoicing.invoice_issue(
                    invoice=Invoice(pk=pk), actor=None, issue_date=datetime.date(2026, 5, 1)
                )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors, errors[:3]
    numbers = sorted(Invoice.objects.filter(pk__in=drafts).values_list("number", flat=True))
    assert numbers == [f"AIGA-2025-{n:04d}" for n in range(1, INVOICES + 1)]
    assert AuditEntry.objects.filter(action="invoice.issue").count() == INVOICES
    checked, broken = audit_chain_verify()
    assert broken is None and checked == AuditEntry.objects.count()
