"""The notification outbox.

A message is written in the same transaction as the change that causes it, then a
Celery task is queued on commit. If the broker is down the message waits: the
periodic sweeper sends whatever was never sent. A message is delivered under a row
lock and marked sent in the same transaction, so a task that runs twice sends once.
Send errors are logged and retried with back-off; they never reach the user.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from aiga.audit import audit_log
from aiga.files import private_storage
from aiga.mail import render_message
from aiga.models import OutboxMessage
from aiga.signals import message_sent

logger = logging.getLogger(__name__)


def _clean_addresses(addresses: Iterable[str] | str | None) -> list[str]:
    if not addresses:
        return []
    if isinstance(addresses, str):
        addresses = [addresses]
    seen: list[str] = []
    for address in addresses:
        address = (address or "").strip()
        if address and address not in seen:
            seen.append(address)
    return seen


RAW_TYPES = (str, int, type(None))  # bool is an int; a TextChoices member is a str


def check_raw_context(value, path: str = "context") -> None:
    """The outbox stores raw values only: text, integers (yen), booleans, ISO dates as
    text, codes, and lists and dicts of those. A date object, a lazy translation or a
    Decimal is a mistake: it would be formatted in whatever language the request had."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be text, not {type(key).__name__}.")
            check_raw_context(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_raw_context(item, f"{path}[{index}]")
    elif not isinstance(value, RAW_TYPES):
        raise TypeError(
            f"{path} is a {type(value).__name__}: the outbox stores raw values "
            "(ISO dates as text, integers, codes); the template formats them."
        )


def default_idempotency_key(*, purpose: str, target: models.Model | None, to: list[str]) -> str:
    if target is not None:
        ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
        return f"{purpose}:{ct.app_label}.{ct.model}:{target.pk}"
    return f"{purpose}:{','.join(to)}"


def outbox_enqueue(
    *,
    to: Iterable[str] | str,
    template_key: str,
    purpose: str,
    context: dict | None = None,
    target: models.Model | None = None,
    cc: Iterable[str] | str | None = None,
    language: str = "ja",
    attachments: list[dict] | None = None,
    idempotency_key: str | None = None,
) -> OutboxMessage:
    """Record a message to send after the surrounding transaction commits.

    One idempotency key per (object, purpose): a second call with the same key
    returns the existing message and sends nothing more.
    """
    to_list = _clean_addresses(to)
    check_raw_context(context or {})
    if not to_list:
        raise ValueError("An outbox message needs at least one recipient.")
    key = idempotency_key or default_idempotency_key(purpose=purpose, target=target, to=to_list)
    with transaction.atomic():
        existing = OutboxMessage.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        message = OutboxMessage(
            to=to_list,
            cc=_clean_addresses(cc),
            template_key=template_key,
            context=context or {},
            language=language if language in dict(settings.LANGUAGES) else "ja",
            purpose=purpose,
            idempotency_key=key,
            attachments=attachments or [],
        )
        if target is not None:
            message.content_type = ContentType.objects.get_for_model(
                target, for_concrete_model=False
            )
            message.object_id = str(target.pk)
        message.save()
        message_id = message.pk
        transaction.on_commit(lambda: queue_delivery(message_id))
    return message


def queue_delivery(message_id: int) -> None:
    """Hand the message to a worker. A broker error is logged; the sweeper sends it later."""
    # The tasks module calls these services; importing it at the top would be a cycle.
    from aiga.tasks import outbox_send

    try:
        outbox_send.delay(message_id)
    except Exception:  # noqa: BLE001 - any broker failure must not reach the user
        logger.warning(
            "Could not queue outbox message %s; the sweeper will send it.",
            message_id,
            exc_info=True,
        )


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, capped at six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _build_email(message: OutboxMessage) -> tuple[EmailMessage, str]:
    subject, body = render_message(message.template_key, message.context, message.language)
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        cc=message.cc,
        headers={"X-AIGA-Message": message.idempotency_key[:200]},
    )
    for attachment in message.attachments:
        with private_storage.open(attachment["path"], "rb") as handle:
            content = handle.read()
        filename = attachment.get("filename") or attachment["path"].rsplit("/", 1)[-1]
        mimetype = attachment.get("mimetype") or mimetypes.guess_type(filename)[0]
        email.attach(filename, content, mimetype or "application/octet-stream")
    return email, subject


def outbox_deliver(*, message_id: int, skip_locked: bool = False) -> bool:
    """Send one message if it is still pending. Returns True when this call sent it."""
    now = timezone.now()
    with transaction.atomic():
        qs = OutboxMessage.objects.select_for_update(skip_locked=skip_locked)
        message = qs.filter(pk=message_id).first()
        if message is None or message.status != OutboxMessage.Status.PENDING:
            return False
        if message.next_attempt_at and message.next_attempt_at > now:
            return False
        message.attempts += 1
        try:
            email, subject = _build_email(message)
            email.send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - logged, retried with back-off
            logger.exception("Outbox message %s failed (attempt %s)", message.pk, message.attempts)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = now + backoff(message.attempts)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.subject = subject[:300]
        message.last_error = ""
        message.next_attempt_at = None
        message.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "subject",
                "last_error",
                "next_attempt_at",
            ]
        )
        # The object the message is about records that it went out (an invoice's sent_at),
        # whoever sent it: the task queued on commit, a retry, or the sweeper.
        message_sent.send(sender=OutboxMessage, message=message)
    return True


def outbox_sweep(*, limit: int = 200) -> int:
    """Send messages that were never sent (broker down, worker lost, earlier failure)."""
    now = timezone.now()
    due = (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in list(due):
        if outbox_deliver(message_id=message_id, skip_locked=True):
            sent += 1
    return sent


def outbox_resend(*, message: OutboxMessage, actor=None) -> OutboxMessage:
    """A new send request for the same content (a resend from the admin)."""

    with transaction.atomic():
        count = OutboxMessage.objects.filter(
            idempotency_key__startswith=message.idempotency_key + ":resend"
        ).count()
        new = outbox_enqueue(
            to=message.to,
            cc=message.cc,
            template_key=message.template_key,
            purpose=message.purpose,
            context=message.context,
            language=message.language,
            attachments=message.attachments,
            idempotency_key=f"{message.idempotency_key}:resend{count + 1}",
        )
        if message.content_type_id:
            new.content_type_id = message.content_type_id
            new.object_id = message.object_id
            new.save(update_fields=["content_type", "object_id"])
        audit_log(actor=actor, action="outbox.resend", target=message, note=new.idempotency_key)
    return new
