"""The beat scheduler, writing its own heartbeat as it ticks (CELERY_BEAT_SCHEDULER), so
that a stopped beat shows on the admin's index even while the worker runs."""

import logging
import time

from celery.beat import PersistentScheduler
from django.db import close_old_connections, connection

from aiga.health import BEAT, heartbeat_record

logger = logging.getLogger(__name__)


class HeartbeatScheduler(PersistentScheduler):
    heartbeat_every = 30.0  # seconds
    _last_heartbeat = 0.0

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if now - self._last_heartbeat >= self.heartbeat_every:
            self._last_heartbeat = now
            # Beat is a long-lived process: a connection the database dropped is replaced
            # (never inside a transaction, which only a test's tick runs in).
            if not connection.in_atomic_block:
                close_old_connections()
            try:
                heartbeat_record(name=BEAT)
            except Exception:  # noqa: BLE001 - a database hiccup must not stop the scheduler
                logger.warning("Could not record beat's heartbeat.", exc_info=True)
                if not connection.in_atomic_block:
                    connection.close()
        return min(super().tick(*args, **kwargs), self.heartbeat_every)
