"""Duplicates across crashes, counted: 200 e-mails, a worker killed three times, the sweeper
recovering what was left `sending` only after the grace period (flagged as recovered). The
test prints expected / delivered / duplicated / lost. Nothing is ever lost; a copy is sent
twice only when a kill lands inside an SMTP conversation (the server had accepted it), and
then with the same Message-ID."""

import datetime

import pytest
from django.utils import timezone

from aiga import outbox
from aiga.models import OutboxMessage
from tests.aiga import mail_backends

pytestmark = pytest.mark.django_db
EXPECTED = 200


def _enqueue_all(monkeypatch):
    monkeypatch.setattr(outbox, "queue_delivery", lambda message_id: None)
    return [
        outbox.outbox_enqueue(
            to=[f"member{i}@example.jp"],
            template_key="generic_notice",
            purpose="test.fault",
            context={"addressee": f"会員{i} 様", "subject": "ご案内", "message": "本文です。"},
            idempotency_key=f"fault:{i}",
        ).pk
        for i in range(EXPECTED)
    ]


def _run_worker(ids):
    """A worker going through its queue; a kill ends it, and a new worker takes the rest."""
    for message_id in ids:
        try:
            outbox.outbox_deliver(message_id=message_id)
        except mail_backends.WorkerKilled:
            continue  # the process died; the broker hands the next task to a new worker


def _figures():
    mailbox = mail_backends.seen.get("mailbox", [])
    delivered = len(set(mailbox))
    return {
        "expected": EXPECTED,
        "delivered": delivered,
        "duplicated": len(mailbox) - delivered,
        "lost": EXPECTED - delivered,
    }


@pytest.mark.parametrize(
    ("kills", "duplicates"),
    [
        # Three kills between the claim and the conversation: nothing reached the server.
        ({10: "before", 70: "before", 150: "before"}, 0),
        # Three kills after the server accepted the message: each copy goes out again.
        ({10: "inside", 70: "inside", 150: "inside"}, 3),
        ({10: "before", 70: "inside", 150: "before"}, 1),
    ],
    ids=["kills-outside-smtp", "kills-inside-smtp", "mixed"],
)
def test_crashes_lose_nothing_and_duplicate_only_inside_smtp(
    settings, monkeypatch, capsys, kills, duplicates
):
    mail_backends.reset()
    mail_backends.seen["kills"] = kills
    settings.EMAIL_BACKEND = "tests.aiga.mail_backends.FaultyServer"
    ids = _enqueue_all(monkeypatch)

    _run_worker(ids)
    left = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENDING)
    assert left.count() == len(kills)
    # Within the grace period a row left `sending` may still be on its way: not touched.
    assert outbox.outbox_sweep() == 0
    assert left.count() == len(kills)
    # After it, the sweeper sends each again, once, with the same Message-ID, and flags it.
    grace = datetime.timedelta(seconds=settings.OUTBOX_SENDING_GRACE_SECONDS + 1)
    left.update(sending_started_at=timezone.now() - grace)
    assert outbox.outbox_sweep() == len(kills)
    assert outbox.outbox_sweep() == 0

    figures = _figures()
    with capsys.disabled():
        print(
            "\noutbox faults ({}): expected {expected}, delivered {delivered}, "
            "duplicated {duplicated}, lost {lost}".format(
                "/".join(sorted(set(kills.values()))), **figures
            )
        )
    assert figures == {
        "expected": EXPECTED,
        "delivered": EXPECTED,
        "duplicated": duplicates,
        "lost": 0,
    }
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == EXPECTED
    assert OutboxMessage.objects.filter(recovered_at__isnull=False).count() == len(kills)
