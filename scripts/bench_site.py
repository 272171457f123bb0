"""`make bench`'s worker inside Django, run by scripts/bench.py against one bench database
(DATABASE_URL). Prints JSON on its last line.

    bench_site.py prepare        the bench's users (secretariat, director, member)
    bench_site.py sessions       a logged-in session cookie for each role
    bench_site.py pages          the pages, their paths looked up in this database
    bench_site.py queries N      each page N times in-process: queries and median server time
    bench_site.py pdf N          one invoice PDF rendered N times (the first one apart)
    bench_site.py bank N         a bank statement of N credits imported and matched (rolled back)
    bench_site.py benchmark_build N   a round of N submitted assessments (the Navi's database)
    bench_site.py benchmark      its benchmark computed, as the round's close computes it
    bench_site.py renewal        next year's renewal run, issued and rendered (on a copy)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PASSWORD = "bench-only-password-2026"
USERS = {
    "secretariat": "bench-secretariat@example.jp",
    "director": "bench-director@example.jp",
    "member": "bench-member@example.jp",
}


def _user(role):
    from members.models import User

    return User.objects.get(email=USERS[role])


def prepare():
    from billing.models import Invoice
    from members import roles
    from members.models import Contact, User
    from members.selectors.memberships import current_members

    roles.ensure_groups()
    for role, email in USERS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=role)
        if role == "secretariat":
            roles.grant_groups(user, [roles.SECRETARIAT])
        if role == "director":
            roles.grant_groups(user, [roles.BOARD])
        if role == "member" and not Contact.objects.filter(user=user).exists():
            # A member company with invoices, as most are.
            with_invoices = Invoice.objects.values("organisation")
            organisation = current_members().filter(pk__in=with_invoices).order_by("pk").first()
            Contact.objects.create(
                organisation=organisation,
                family_name="ベンチ",
                given_name="会員",
                email=email,
                user=user,
                # The company's 会員代表者 is already on the register (one per company).
                is_member_representative=not organisation.contacts.filter(
                    is_member_representative=True, is_active=True
                ).exists(),
                is_practical_contact=True,
            )
    from bench_pages import navi_prepare

    navi_prepare(_user("member"))
    return {"users": USERS}


def sessions():
    cookies = {"anonymous": ""}
    for role in USERS:
        client = Client()
        client.force_login(_user(role))
        cookies[role] = f"sessionid={client.cookies['sessionid'].value}"
    return cookies


def pages():
    from bench_pages import PAGES

    resolved = []
    for page in PAGES:
        path = page["path"]() if callable(page["path"]) else page["path"]
        resolved.append({**page, "path": path})
    return resolved


def _client(role):
    client = Client()
    if role != "anonymous":
        client.force_login(_user(role))
    return client


def queries(repeat: int):
    setup_test_environment()
    results = []
    for page in pages():
        client = _client(page["role"])
        client.get(page["path"])  # warm: templates compiled, caches filled as in production
        times = []
        count = None
        status = None
        size = 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(page["path"])
                times.append((time.perf_counter() - start) * 1000)
            count = len(captured)
            status = response.status_code
            size = len(response.content)
        results.append(
            {
                "name": page["name"],
                "group": page["group"],
                "status": status,
                "queries": count,
                "median_ms": round(statistics.median(times), 1),
                "bytes": size,
            }
        )
    return results


def pdf(repeat: int):
    from billing import pdf as billing_pdf
    from billing.models import Invoice

    invoice = Invoice.objects.filter(kind="invoice").exclude(status="draft").order_by("pk").first()
    start = time.perf_counter()
    billing_pdf.invoice_pdf_bytes(invoice)
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        billing_pdf.invoice_pdf_bytes(invoice)
        times.append((time.perf_counter() - start) * 1000)
    return {"first_ms": round(first), "median_ms": round(statistics.median(times))}


def bank(lines: int):
    """A Zengin statement of `lines` credits paying this database's invoices, read, matched
    and stored by the import service, then rolled back: seconds, and how it matched."""
    from collections import Counter

    from django.db import transaction
    from django.utils import timezone

    from billing.models import Invoice
    from billing.scale import Payable, bank_statement_bytes
    from billing.services.bank import bank_statement_import

    issued = Invoice.objects.invoices().select_related("organisation").order_by("-id")
    invoices = list(issued.filter(status="issued")[:lines])  # open ones first, then paid
    invoices += list(issued.filter(status="paid")[: lines - len(invoices)])
    payables = [
        Payable(
            number=i.number,
            member_number=i.organisation.member_number or "",
            kana=i.organisation.legal_name_kana,
            amount=i.total,
        )
        for i in invoices
    ]
    data = bank_statement_bytes(payables=payables, lines=lines, on=timezone.localdate())
    start = time.perf_counter()
    with transaction.atomic():
        statement = bank_statement_import(
            filename="bench.txt", data=data, actor=None, today=timezone.localdate()
        )
        seconds = time.perf_counter() - start
        confidence = Counter(statement.lines.values_list("confidence", flat=True))
        statement.file.delete(save=False)
        transaction.set_rollback(True)
    return {"lines": lines, "seconds": round(seconds, 2), "confidence": dict(confidence)}


BENCH_ROUND = "ベンチ用の一斉自己診断"


def benchmark_build(assessments: int):
    """In the Navi's own bench database: `assessments` companies made for it, and a round
    in which each submitted an assessment with every applicable item answered
    (navi.scale.round_fill), committed and analysed as a real database would be."""
    import datetime
    import random

    from django.db import transaction

    from members.models import Organisation
    from navi.models import NaviRound
    from navi.scale import round_fill
    from navi.selectors.versions import current_version

    rng = random.Random(25)
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(
                legal_name=f"ベンチ用株式会社{n:05d}",
                corporate_number="",
                ai_role=rng.choice(["developer", "user", "both"]),
            )
            for n in range(assessments)
        )
        companies = [(o.pk, o.ai_role) for o in organisations]
        round_ = NaviRound.objects.create(
            version=current_version(),
            title_ja=BENCH_ROUND,
            opens_on=datetime.date(2026, 4, 1),
            closes_on=datetime.date(2026, 4, 30),
        )
        maturity = {pk: rng.uniform(1.6, 3.5) for pk, _role in companies}
        answers = round_fill(round_, companies, rng=rng, maturity=maturity)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"assessments": assessments, "answers": answers}


def benchmark():
    """The benchmark of the bench round computed as the round's close computes it
    (navi.selectors.benchmark.round_figures): seconds, the median of five after one."""
    from navi.models import NaviAnswer, NaviRound
    from navi.selectors.benchmark import round_figures

    round_ = NaviRound.objects.get(title_ja=BENCH_ROUND)
    round_figures(round_)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        figures = round_figures(round_)
        times.append(time.perf_counter() - start)
    return {
        "assessments": figures["summary"]["companies"],
        "answers": NaviAnswer.objects.filter(assessment__round=round_).count(),
        "seconds": round(statistics.median(times), 3),
    }


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _render_one(invoice_id: int) -> int:
    """In a render worker: what billing.tasks.invoice_finalise does for one invoice (PDF
    rendered and stored, its e-mail queued for its slot); the worker's memory after it."""
    from billing.services import invoices as invoicing

    invoicing.invoice_finalise(invoice_id=invoice_id)
    return _rss_kib()


def _render_worker_start() -> None:
    from django.db import connections

    connections.close_all()  # each worker its own connection, never the parent's


def renewal():
    """Next fiscal year's renewal run (年会費請求) on this database — bench.py gives it a
    copy. The run (the Celery task) issues every member's invoice in this process; the
    renders it queues are done as Celery workers do them, by a pool of as many processes
    as there are cores (invoice_finalise: the PDF rendered and stored, the e-mail queued
    for its slot). Seconds for each, invoices, the resident memory every 100 invoices
    (flat) and at its peak, and the window over which the e-mails go out at
    RENEWAL_EMAILS_PER_MINUTE (not waited for: the outbox holds each until its slot)."""
    import multiprocessing
    import resource

    from django.conf import settings
    from django.db import connections
    from django.db.models import Max, Min
    from django.utils import timezone

    from aiga.models import OutboxMessage
    from billing.demo import DEMO_BANK_ACCOUNT
    from billing.fiscal import fiscal_year
    from billing.models import Invoice, IssuerProfile, RenewalRun
    from billing.services import invoices as invoicing
    from billing.services import renewals
    from members.models import User

    year = fiscal_year(timezone.localdate()) + 1
    issued = Invoice.objects.filter(renewal_fiscal_year=year, kind="invoice")
    secretariat = User.objects.filter(email=USERS["secretariat"]).first()
    issuer = IssuerProfile.current()
    if issuer.bank_account_missing:  # the scale data issues in bulk, without checking it
        for name, value in DEMO_BANK_ACCOUNT.items():
            setattr(issuer, name, value)
        issuer.save()

    queued: list[int] = []
    invoicing._queue_finalise = queued.append  # the broker: what the workers will take
    rss_before = _rss_kib()
    start = time.perf_counter()
    run = renewals.renewal_run_start(fiscal_year=year, actor=secretariat)
    issue_seconds = time.perf_counter() - start
    issue_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    workers = os.cpu_count() or 1
    connections.close_all()
    render_rss: dict[int, int] = {}
    start = time.perf_counter()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_render_worker_start) as pool:
        for done, rss in enumerate(pool.imap_unordered(_render_one, queued, chunksize=4), 1):
            bucket = done // 100 * 100
            render_rss[bucket] = max(render_rss.get(bucket, 0), rss)
    render_seconds = time.perf_counter() - start

    run = RenewalRun.objects.get(pk=run.pk)
    messages = OutboxMessage.objects.filter(
        template_key="billing.invoice_issued",
        object_id__in=[str(pk) for pk in issued.values_list("pk", flat=True)],
    )
    window = messages.aggregate(first=Min("next_attempt_at"), last=Max("next_attempt_at"))
    span = (
        (window["last"] - window["first"]).total_seconds()
        if window["first"] and window["last"]
        else 0
    )
    return {
        "fiscal_year": year,
        "invoices": run.issued,
        "rendered": issued.exclude(pdf="").count(),
        "errors": len(run.errors),
        "issue_seconds": round(issue_seconds, 1),
        "render_seconds": round(render_seconds, 1),
        "render_workers": workers,
        "seconds": round(issue_seconds + render_seconds, 1),
        "rss_before_mib": round(rss_before / 1024),
        "issue_peak_rss_mib": round(issue_peak / 1024),
        "render_rss_by_hundred_mib": {k: round(v / 1024) for k, v in sorted(render_rss.items())},
        "render_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "emails_queued": messages.count(),
        "emails_per_minute": settings.RENEWAL_EMAILS_PER_MINUTE,
        "delivery_minutes": round(span / 60, 1),
    }


def main():
    command = sys.argv[1]
    argument = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    result = {
        "prepare": prepare,
        "sessions": sessions,
        "pages": pages,
        "queries": lambda: queries(argument or 10),
        "pdf": lambda: pdf(argument or 10),
        "bank": lambda: bank(argument or 1300),
        "benchmark_build": lambda: benchmark_build(argument or 13000),
        "benchmark": benchmark,
        "renewal": renewal,
    }[command]()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
