"""The renewal run on a real Celery worker (--pool=solo, real Redis), killed (SIGKILL) in
the middle of the run, then resumed on a new worker: each member's invoice exactly once."""

import datetime
import os
import signal
import subprocess
import time
import uuid

import pytest
from django.test import override_settings

from billing.models import Invoice, RenewalRun
from billing.services import renewals as running
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory
from tests.helpers import BIN, ROOT, celery_broker, database_url_for_test_db, production_env

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

FY = 2026
MEMBERS = 80


def _start_worker(queue, tmp_path):
    env = production_env(
        DATABASE_URL=database_url_for_test_db(),
        CELERY_BROKER_URL=os.environ["TEST_BROKER_URL"],
        EMAIL_URL=f"filemail://{tmp_path / 'mail'}",
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        CELERY_TASK_DEFAULT_QUEUE=queue,
        # The PDFs and e-mails queue behind the run on this one solo worker; they are not
        # what this test is about, so hold the e-mails well back.
        RENEWAL_EMAILS_PER_MINUTE="1",
    )
    (tmp_path / "mail").mkdir(exist_ok=True)
    return subprocess.Popen(
        [BIN / "celery", "-A", "aiga", "worker", "--pool=solo", "-Q", queue,
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _stop(process):
    if process.poll() is None:
        process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print((output or "")[-3000:])


def _wait_for(predicate, timeout=120.0, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def _renewals():
    return Invoice.objects.filter(renewal_fiscal_year=FY, kind=Invoice.Kind.INVOICE)


def test_a_run_killed_half_way_and_resumed_issues_each_member_once(tmp_path, secretariat):
    orgs = []
    for n in range(MEMBERS):
        org = OrganisationFactory(legal_name=f"架空継続{n:03d}株式会社")
        ContactFactory(organisation=org, is_billing_contact=True, email=f"k{n}@example.jp")
        MembershipFactory(organisation=org, admission_date=datetime.date(2025, 4, 1))
        orgs.append(org)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    broker = os.environ["TEST_BROKER_URL"]
    first = _start_worker(queue, tmp_path)
    try:
        with celery_broker(broker, task_default_queue=queue):
            run = running.renewal_run_start(fiscal_year=FY, actor=secretariat)
            assert _wait_for(lambda: _renewals().count() >= 5), "the worker issued nothing"
            os.kill(first.pid, signal.SIGKILL)  # mid-run: no goodbye, no ack
            first.wait(timeout=30)
    finally:
        _stop(first)
    issued_at_kill = _renewals().count()
    assert 0 < issued_at_kill < MEMBERS, "the kill did not land in the middle of the run"
    run.refresh_from_db()
    assert run.status == RenewalRun.Status.RUNNING  # as the dead worker left it

    second = _start_worker(queue, tmp_path)
    try:
        with celery_broker(broker, task_default_queue=queue):
            with override_settings(RENEWAL_RUN_STALE_SECONDS=0):
                running.renewal_run_resume(run=run, actor=secretariat)

            def finished():
                run.refresh_from_db()
                return run.status == RenewalRun.Status.DONE

            assert _wait_for(finished, step=0.25), "the resumed run did not finish"
    finally:
        _stop(second)
    counts = {org.pk: _renewals().filter(organisation=org).count() for org in orgs}
    assert set(counts.values()) == {1}
    assert run.issued + run.skipped == MEMBERS
    assert run.skipped >= issued_at_kill
    numbers = list(_renewals().values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == MEMBERS
