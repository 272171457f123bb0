"""A real Celery worker process (--pool=solo) on a real Redis, against the test database."""

import datetime
import hashlib
import os
import subprocess
import time
import uuid

import pytest
from django.db import transaction

from aiga import outbox
from aiga.models import OutboxMessage
from tests.helpers import BIN, ROOT, celery_broker, database_url_for_test_db, production_env

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path):
    """Start a worker on a queue of its own; route this process's tasks to it."""
    broker = os.environ["TEST_BROKER_URL"]
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = production_env(
        DATABASE_URL=database_url_for_test_db(),
        CELERY_BROKER_URL=broker,
        EMAIL_URL=f"filemail://{mail_dir}",
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        CELERY_TASK_DEFAULT_QUEUE=queue,  # what the worker queues itself comes back to it
    )
    process = subprocess.Popen(
        [
            BIN / "celery",
            "-A",
            "aiga",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        with celery_broker(broker, task_default_queue=queue):
            yield mail_dir
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


def _wait_for(predicate, timeout=45.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def test_outbox_message_is_delivered_once_by_a_real_worker(worker):
    mail_dir = worker
    with transaction.atomic():
        message = outbox.outbox_enqueue(
            to=["member@example.jp"],
            template_key="generic_notice",
            purpose="test.worker",
            context={
                "addressee": "テスト商事株式会社 山田 太郎 様",
                "subject": "ワーカー試験",
                "message": "実際のワーカーから送信されました。",
            },
        )
    # The same message queued again: a duplicated task must send nothing more.
    outbox.queue_delivery(message.pk)

    def sent():
        message.refresh_from_db()
        return message.status == OutboxMessage.Status.SENT

    assert _wait_for(sent), "the worker did not send the message"
    time.sleep(2)  # give the duplicate task time to run
    files = list(mail_dir.iterdir())
    assert len(files) == 1
    content = files[0].read_text()
    assert "member@example.jp" in content
    message.refresh_from_db()
    assert message.attempts == 1


def test_issued_invoice_reaches_the_billing_addressee_as_a_pdf_through_the_worker(worker):
    """Issue → the worker renders and stores the PDF → the worker e-mails it, once."""
    import email
    from email import policy

    from billing.models import Invoice, IssuerProfile
    from billing.services import invoices as invoicing
    from tests.factories import ContactFactory, OrganisationFactory

    mail_dir = worker
    IssuerProfile.current()
    org = OrganisationFactory(legal_name="架空ワーカー株式会社", member_number="AIGA-0777")
    ContactFactory(
        organisation=org,
        department="経理部",
        email="keiri@worker.example.jp",
        cc_emails=["cfo@worker.example.jp"],
        is_billing_contact=True,
    )
    invoice = invoicing.invoice_issue_new(
        organisation=org,
        lines=[
            {
                "description": "入会費",
                "quantity": 1,
                "unit_price": 100_000,
                "tax_treatment": "non_taxable",
            },
        ],
        subject="2026年度 入会費",
        issue_date=datetime.date(2026, 11, 27),
        actor=None,
    )

    def delivered():
        return len(list(mail_dir.iterdir())) >= 1

    assert _wait_for(delivered), "the worker did not send the invoice"
    time.sleep(1)
    files = list(mail_dir.iterdir())
    assert len(files) == 1
    raw = files[0].read_bytes()
    # The file backend writes a separator line after each message.
    message = email.message_from_bytes(raw.split(b"\n" + b"-" * 79)[0], policy=policy.default)
    assert "keiri@worker.example.jp" in message["To"]
    assert "cfo@worker.example.jp" in message["Cc"]
    attachments = [part for part in message.iter_attachments()]
    assert [a.get_content_type() for a in attachments] == ["application/pdf"]
    pdf = attachments[0].get_content()
    assert pdf.startswith(b"%PDF")
    invoice = Invoice.objects.get(pk=invoice.pk)
    assert invoice.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert invoice.sent_at is not None
