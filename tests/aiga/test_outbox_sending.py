"""Nobody talks to the mail server inside a transaction (issue "Security II", item 3).

A silent SMTP server once held a database transaction open for over 100 s. Now the SMTP
connection has a timeout (EMAIL_TIMEOUT), a delivery claims its row (`sending`, committed)
before the conversation and records the outcome after it, and every copy of a row carries
the same Message-ID, so that a row left in `sending` by a killed worker is sent again by the
sweeper, once, as a copy the receiving side can recognise."""

import datetime
import socket
import threading
import time

import pytest
from django.core import mail
from django.core.mail import get_connection

from aiga import outbox
from aiga.models import OutboxMessage
from tests.aiga import mail_backends
from tests.helpers import manage, production_env

CONTEXT = {"addressee": "山田 太郎 様", "subject": "ご案内", "message": "本文です。"}


@pytest.fixture(autouse=True)
def _fresh_backends():
    mail_backends.reset()


def _message(**kwargs) -> OutboxMessage:
    return outbox.outbox_enqueue(
        to=["member@example.jp"],
        template_key="generic_notice",
        purpose="test.sending",
        context=CONTEXT,
        **kwargs,
    )


@pytest.fixture
def not_queued(monkeypatch):
    """The broker never hears of the message: the test delivers it by hand."""
    monkeypatch.setattr(outbox, "queue_delivery", lambda message_id: None)


# ---------------------------------------------------------------- the timeout


def test_email_timeout_is_read_from_the_environment_and_given_to_smtp():
    script = (
        "from django.conf import settings; from django.core.mail import get_connection; "
        "print(settings.EMAIL_TIMEOUT, get_connection().timeout, type(get_connection()).__module__)"
    )
    smtp = {"EMAIL_URL": "smtp://mail.example.org:587"}
    default = manage("shell", "-v", "0", "-c", script, env=production_env(**smtp))
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["10", "10", "django.core.mail.backends.smtp"]
    chosen = manage("shell", "-v", "0", "-c", script, env=production_env(EMAIL_TIMEOUT="3", **smtp))
    assert chosen.stdout.split()[:2] == ["3", "3"], chosen.stderr


def test_the_smtp_backend_uses_the_setting(settings):
    settings.EMAIL_TIMEOUT = 4
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert connection.timeout == 4


# ---------------------------------------------------------------- no transaction during the send


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_message_is_sent(settings, not_queued):
    settings.EMAIL_BACKEND = "tests.aiga.mail_backends.ProbeBackend"
    message = _message()
    assert outbox.outbox_deliver(message_id=message.pk)
    assert mail_backends.seen["in_atomic_block"] is False
    # Another connection already saw the claim: the row was `sending`, committed.
    assert mail_backends.seen["other"]["status"] == OutboxMessage.Status.SENDING
    if "state" in mail_backends.seen["other"]:
        assert mail_backends.seen["other"]["state"] == "idle"  # not "idle in transaction"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sending_started_at is None and message.attempts == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_silent_smtp_server_times_out_and_holds_no_transaction(settings, not_queued):
    """The server accepts the connection and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    release = threading.Event()
    message = _message()
    main_pid = mail_backends.backend_pid()
    during: dict = {}

    def silent():
        client, _ = server.accept()
        during.update(mail_backends.row_from_another_connection(message.pk, main_pid))
        release.wait(15)
        client.close()

    thread = threading.Thread(target=silent)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.getsockname()
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    try:
        started = time.monotonic()
        assert outbox.outbox_deliver(message_id=message.pk) is False
        elapsed = time.monotonic() - started
    finally:
        release.set()
        thread.join(20)
        server.close()
    assert elapsed < 10
    assert during == {"status": OutboxMessage.Status.SENDING, "state": "idle"}
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING  # retried later, with back-off
    assert message.next_attempt_at is not None and "timed out" in message.last_error
    assert message.sending_started_at is None


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_one_row_at_once_send_it_once(settings, not_queued):
    from django.db import connection

    settings.EMAIL_BACKEND = "tests.aiga.mail_backends.SlowBackend"
    message = _message()
    results = []

    def deliver():
        try:
            results.append(outbox.outbox_deliver(message_id=message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------- the Message-ID


@pytest.mark.django_db
def test_every_copy_of_a_row_has_the_same_message_id_and_a_resend_its_own(settings):
    settings.EMAIL_BACKEND = "tests.aiga.mail_backends.FlakyBackend"
    settings.DEFAULT_FROM_EMAIL = "事務局 <office@example.org>"
    message = _message()
    assert outbox.outbox_deliver(message_id=message.pk) is False  # the connection drops
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    assert outbox.outbox_deliver(message_id=message.pk)
    first, second = mail_backends.seen["message_ids"]
    message.refresh_from_db()
    assert first == second == f"<outbox-{message.pk}-{message.uuid.hex}@example.org>"
    assert mail.outbox[0].message()["Message-ID"] == first

    again = outbox.outbox_resend(message=message)
    outbox.outbox_deliver(message_id=again.pk)
    assert mail_backends.seen["message_ids"][-1] not in (first, None)


@pytest.mark.django_db
def test_a_row_left_sending_by_a_killed_worker_is_sent_again_once_by_the_sweeper(settings):
    settings.EMAIL_BACKEND = "tests.aiga.mail_backends.KilledBackend"
    message = _message()
    with pytest.raises(mail_backends.WorkerKilled):  # dies while talking to the server
        outbox.outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENDING and message.attempts == 1
    (killed_id,) = mail_backends.seen["message_ids"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Within the grace period the row may still be on its way: left alone.
    assert outbox.outbox_sweep() == 0 and mail.outbox == []
    grace = datetime.timedelta(seconds=settings.OUTBOX_SENDING_GRACE_SECONDS)
    OutboxMessage.objects.filter(pk=message.pk).update(
        sending_started_at=message.sending_started_at - grace - datetime.timedelta(seconds=1)
    )
    assert outbox.outbox_sweep() == 1
    assert outbox.outbox_sweep() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].message()["Message-ID"] == killed_id
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 2
