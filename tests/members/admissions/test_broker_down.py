"""The broker is down while an application is approved and paid: the user's actions still
succeed, and once the broker is back the sweepers and a real worker send each e-mail once."""

import datetime
import email
import os
import subprocess
import time
import uuid

import pytest
from django.conf import settings
from django.core import mail

from aiga.celery import app
from aiga.models import OutboxMessage
from billing.models import Invoice
from billing.services.payments import payment_record
from members.admissions import workflow
from members.admissions.models import OnboardingStep
from tests.helpers import (
    BIN,
    CELERY_KEYS,
    ROOT,
    database_url_for_test_db,
    production_env,
    reset_celery_pools,
)
from tests.members.admissions.board_helpers import secretariat
from tests.members.admissions.onboarding_helpers import decide

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


reset_pool = reset_celery_pools


@pytest.fixture
def celery_conf():
    saved = {k: app.conf.get(k) for k in CELERY_KEYS}
    yield app.conf
    app.conf.update(saved)
    reset_pool()


def start_worker(tmp_path, queue):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = production_env(
        DATABASE_URL=database_url_for_test_db(),
        CELERY_BROKER_URL=os.environ["TEST_BROKER_URL"],
        EMAIL_URL=f"filemail://{mail_dir}",
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    process = subprocess.Popen(
        [BIN / "celery", "-A", "aiga", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, mail_dir


def test_approval_and_payment_succeed_without_a_broker_and_mail_goes_out_once(
    tmp_path, celery_conf
):
    from aiga.tasks import outbox_sweep
    from billing.tasks import invoice_sweep
    from members.admissions.tasks import onboarding_sweep

    queue = f"test-{uuid.uuid4().hex[:8]}"
    celery_conf.update(
        broker_url="redis://127.0.0.1:1/0", task_always_eager=False, task_default_queue=queue
    )
    reset_pool()

    # The user's actions succeed although nothing can be queued.
    application, _meeting = decide(datetime.date(2026, 3, 12))
    assert application.status == workflow.Status.INVOICED
    invoice = Invoice.objects.get(application=application)
    payment_record(
        invoice=invoice,
        paid_on=datetime.date(2026, 4, 10),
        amount=invoice.total,
        payer_name="カクウテクノロジー",
        method="bank_transfer",
        actor=secretariat(),
    )
    application.refresh_from_db()
    assert application.status == workflow.Status.MEMBER
    assert mail.outbox == []
    assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).exists()
    # The invoice's PDF waits for a worker, and the approval notice that carries it too.
    assert not Invoice.objects.get(pk=invoice.pk).pdf
    assert not OutboxMessage.objects.filter(purpose="application_approved").exists()
    assert set(application.onboarding_steps.values_list("status", flat=True)) == {"pending"}

    # The broker is back: a real worker, then the sweepers.
    celery_conf.update(broker_url=os.environ["TEST_BROKER_URL"])
    reset_pool()
    process, mail_dir = start_worker(tmp_path, queue)
    try:
        invoice_sweep.delay(0)
        assert _wait_for(lambda: bool(Invoice.objects.get(pk=invoice.pk).pdf))
        onboarding_sweep.delay(0)
        assert _wait_for(lambda: not OnboardingStep.objects.exclude(status="done").exists()), list(
            OnboardingStep.objects.values_list("kind", "status", "last_error")
        )
        outbox_sweep.delay()
        assert _wait_for(
            lambda: not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
        ), list(OutboxMessage.objects.values_list("purpose", "status", "last_error"))
        outbox_sweep.delay()  # a second sweep sends nothing more
        time.sleep(3)
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])

    messages = list(OutboxMessage.objects.all())
    purposes = sorted(m.purpose for m in messages)
    for purpose in (
        "application_approved",
        "membership_issued",
        "membership_issued_secretariat",
        "portal_invitation",
    ):
        assert purpose in purposes
    # The representative is also the billing addressee: one e-mail carries the invoice.
    assert "billing.invoice_issued" not in purposes
    assert all(m.attempts == 1 for m in messages)
    headers = []
    for path in mail_dir.iterdir():
        for chunk in path.read_text().split("-" * 79):
            if "X-AIGA-Message" in chunk:
                parsed = email.message_from_string(chunk.strip())
                headers.append(parsed["X-AIGA-Message"])
    assert sorted(headers) == sorted(m.idempotency_key[:200] for m in messages)
    approval = OutboxMessage.objects.get(purpose="application_approved")
    assert approval.attachments and approval.attachments[0]["mimetype"] == "application/pdf"
