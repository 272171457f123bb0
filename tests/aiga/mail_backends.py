"""E-mail backends for the outbox's delivery tests: each stands for a mail server that
behaves in one way, and records what the outbox did around it."""

import threading
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection

seen: dict = {}


def reset() -> None:
    seen.clear()


def row_from_another_connection(message_pk: int, main_pid: int | None) -> dict:
    """The outbox row's status, and the state of the sending connection, as a second
    database connection (another thread) sees them."""
    result: dict = {}

    def probe():
        from django.db import connection as other

        from aiga.models import OutboxMessage

        try:
            result["status"] = OutboxMessage.objects.get(pk=message_pk).status
            if main_pid is not None:
                with other.cursor() as cursor:
                    cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [main_pid])
                    result["state"] = cursor.fetchone()[0]
        finally:
            other.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(10)
    return result


def backend_pid() -> int | None:
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    return connection.connection.info.backend_pid


class ProbeBackend(LocmemBackend):
    """Sends (to mail.outbox), noting whether a transaction was open and what another
    connection saw while the "server" was being talked to."""

    def send_messages(self, messages):
        from aiga.models import OutboxMessage

        seen["in_atomic_block"] = connection.in_atomic_block
        pk = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
        seen["other"] = row_from_another_connection(pk, backend_pid())
        return super().send_messages(messages)


class FlakyBackend(LocmemBackend):
    """Fails the first time, then sends; notes each attempt's Message-ID."""

    def send_messages(self, messages):
        ids = seen.setdefault("message_ids", [])
        ids.extend(m.message()["Message-ID"] for m in messages)
        if len(ids) == 1:
            raise ConnectionResetError("connection reset by the mail server")
        return super().send_messages(messages)


class WorkerKilled(BaseException):
    """What a killed worker looks like from inside: nothing after this line runs."""


class KilledBackend(BaseEmailBackend):
    def send_messages(self, messages):
        seen.setdefault("message_ids", []).extend(m.message()["Message-ID"] for m in messages)
        raise WorkerKilled


class SlowBackend(LocmemBackend):
    """A server that takes its time: two deliveries of one row would overlap here."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


class FaultyServer(BaseEmailBackend):
    """A mail server and a worker that is killed at chosen points. `seen["kills"]` maps the
    n-th conversation (counting from 0) to where the kill lands: "before" (the server never
    accepted the message) or "inside" (the server accepted it, the worker died before the
    outbox recorded it). Every accepted copy goes to `seen["mailbox"]` by Message-ID."""

    def send_messages(self, messages):
        for message in messages:
            n = seen.setdefault("conversations", 0)
            seen["conversations"] = n + 1
            kill = seen.get("kills", {}).get(n)
            if kill == "before":
                raise WorkerKilled
            seen.setdefault("mailbox", []).append(message.message()["Message-ID"])
            if kill == "inside":
                raise WorkerKilled
        return len(messages)
