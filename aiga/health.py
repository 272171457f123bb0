"""Knowing when something fails: failed e-mails, failed onboarding steps, a worker or beat
that stopped. Each app registers a source of failures (`failure_source_register`, in its
ready()); the admin's index shows them all, and `failures_notify` (run by beat, and by
`manage.py health_check` from cron, which works when beat itself is down) e-mails the
secretariat about each new one once, through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from aiga.audit import audit_log
from aiga.models import FailureNotice, Heartbeat, OutboxMessage
from aiga.outbox import outbox_enqueue

logger = logging.getLogger(__name__)

BEAT = "beat"
WORKER = "worker"
# The purpose of the e-mail that reports failures: its own failure is shown, never e-mailed
# (a mail server that is down would otherwise report itself in a loop).
FAILURE_PURPOSE = "system_failure"


@dataclass(frozen=True)
class Failure:
    key: str  # stable: the same failure has the same key on every run
    kind: str  # what failed, in words (lazy text)
    detail: str  # which one (a subject, a company), raw text
    url: str = ""  # where the secretariat looks at it
    notify: bool = True


FailureSource = Callable[[], list[Failure]]
_sources: list[FailureSource] = []


def failure_source_register(source: FailureSource) -> None:
    if source not in _sources:
        _sources.append(source)


def heartbeat_record(*, name: str, now=None) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})


def _stale_before(now):
    return now - timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)


def heartbeat_failures(now=None) -> list[Failure]:
    """Beat or the worker stopped: its heartbeat is older than HEARTBEAT_STALE_SECONDS, or
    was never written. Without a broker (tasks run in the web process) there is neither."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    now = now or timezone.now()
    seen = dict(Heartbeat.objects.values_list("name", "beat_at"))
    failures = []
    labels = {
        BEAT: _("定期処理のスケジューラ（beat）が停止しています"),
        WORKER: _("バックグラウンド処理（worker）が停止しています"),
    }
    for name in (BEAT, WORKER):
        last = seen.get(name)
        if last is not None and last >= _stale_before(now):
            continue
        if name == WORKER and failures:
            break  # beat is down: nobody queues the worker's heartbeat, so it says nothing
        detail = timezone.localtime(last).strftime("%Y-%m-%d %H:%M") if last else str(_("記録なし"))
        key = f"heartbeat:{name}:{last.isoformat() if last else 'never'}"
        failures.append(Failure(key=key, kind=labels[name], detail=detail))
    return failures


def outbox_failures() -> list[Failure]:
    rows = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).order_by("-created_at")[
        :50
    ]
    return [
        Failure(
            key=f"outbox:{message.pk}",
            kind=_("メールの送信失敗"),
            detail=f"{message.subject or message.template_key} → {', '.join(message.to)}",
            url=f"/admin/aiga/outboxmessage/{message.pk}/change/",
            notify=message.purpose != FAILURE_PURPOSE,
        )
        for message in rows
    ]


def outbox_recovered() -> list[Failure]:
    """Messages sent again after a worker died mid-send: they may have arrived twice."""
    rows = OutboxMessage.objects.filter(recovered_at__isnull=False).order_by("-recovered_at")[:20]
    return [
        Failure(
            key=f"outbox-recovered:{message.pk}",
            kind=_("送信中に中断され再送したメール（重複の可能性）"),
            detail=f"{message.subject or message.template_key} → {', '.join(message.to)}",
            url=f"/admin/aiga/outboxmessage/{message.pk}/change/",
            notify=False,
        )
        for message in rows
        if message.recovered_at >= timezone.now() - timedelta(days=7)
    ]


def current_failures() -> list[Failure]:
    failures = heartbeat_failures() + outbox_failures() + outbox_recovered()
    for source in _sources:
        failures += source()
    return failures


def failures_notify(*, now=None) -> int:
    """E-mail the secretariat about the failures not yet reported, in one message. Returns
    how many it reported. Each failure is reported once (FailureNotice)."""
    failures = [failure for failure in current_failures() if failure.notify]
    known = set(
        FailureNotice.objects.filter(key__in=[f.key for f in failures]).values_list(
            "key", flat=True
        )
    )
    new = [failure for failure in failures if failure.key not in known]
    if not new:
        return 0
    with transaction.atomic():
        # A concurrent run (beat's and cron's health_check) waits on the unique key and then
        # finds it taken: each failure is reported by one run only.
        new = [f for f in new if FailureNotice.objects.get_or_create(key=f.key)[1]]
        if not new:
            return 0
        items = []
        for failure in new:
            with translation.override("ja"):
                kind_ja = str(failure.kind)
            with translation.override("en"):
                kind_en = str(failure.kind)
            items.append(
                {
                    "kind": kind_ja,
                    "kind_en": kind_en,
                    "detail": failure.detail,
                    "url": settings.SITE_URL + failure.url if failure.url else "",
                }
            )
        outbox_enqueue(
            to=[settings.SECRETARIAT_EMAIL],
            template_key="system_failure",
            purpose=FAILURE_PURPOSE,
            context={"failures": items, "admin_url": settings.SITE_URL + "/admin/"},
            idempotency_key=f"{FAILURE_PURPOSE}:{(now or timezone.now()).isoformat()}",
        )
        audit_log(
            actor=None,
            action="system.failure_notice",
            note=", ".join(failure.key for failure in new)[:2000],
            data={"count": len(new)},
        )
    return len(new)
