"""What the audit log's hash chain costs: 500 invoices issued from 8 connections at once,
with the chain (advisory lock, head read, hash) and without it (a plain insert, as before).

    .venv/bin/python scripts/bench_audit_chain.py [--invoices 500] [--threads 8] [--runs 3]

Uses BENCH_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/), database
aiga_bench_audit, created and migrated when missing. Prints the median wall time of each.
The correctness of the same run (gapless numbers, an intact chain) is a test:
tests/billing/test_concurrent_issue.py."""

from __future__ import annotations

import argparse
import datetime
import os
import queue
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/").rstrip("/")
NAME = "aiga_bench_audit"
os.environ["DATABASE_URL"] = f"{SERVER}/{NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def ensure_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{NAME}"')


def issue_all(invoices: int, threads: int) -> float:
    from django.db import connection

    from billing.models import Invoice, InvoiceLine
    from billing.services import invoices as invoicing
    from tests.billing.invoice_helpers import DUES_LINES
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    created = Invoice.objects.bulk_create(
        Invoice(organisation=organisation, subject=f"件名{n}") for n in range(invoices)
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=draft, position=position, **line)
        for draft in created
        for position, line in enumerate(DUES_LINES, start=1)
    )
    todo: queue.Queue[int] = queue.Queue()
    for draft in created:
        todo.put(draft.pk)
    barrier = threading.Barrier(threads + 1)

    def worker():
        barrier.wait()
        try:
            while True:
                try:
                    pk = todo.get_nowait()
                except queue.Empty:
                    return
                invoicing.invoice_issue(
                    invoice=Invoice(pk=pk), actor=None, issue_date=datetime.date(2026, 5, 1)
                )
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in pool:
        t.join()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=500)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from aiga import audit
    from billing.models import IssuerProfile
    from billing.services import invoices as invoicing
    from tests.conftest import set_bank_account

    profile = IssuerProfile.current()
    profile.registration_number = "T1234567890123"
    set_bank_account(profile)
    invoicing._queue_finalise = lambda invoice_id: None  # no PDFs, no e-mail
    chained = audit._append

    def unchained(entries, *, batch_size=None):  # the audit log as it was: a plain insert
        for entry in entries:
            entry.save()

    results = {}
    for label, append in (("without the chain", unchained), ("with the chain", chained)):
        audit._append = append
        times = [issue_all(args.invoices, args.threads) for _ in range(args.runs)]
        results[label] = statistics.median(times)
    audit._append = chained
    for label, seconds in results.items():
        per = seconds / args.invoices * 1000
        print(f"{label}: {seconds:.2f} s for {args.invoices} invoices ({per:.1f} ms each)")
    ratio = results["with the chain"] / results["without the chain"]
    print(f"cost of the chain: x{ratio:.2f}")


if __name__ == "__main__":
    main()
