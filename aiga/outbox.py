"""The notification outbox.

A message is written in the same transaction as the change that causes it, then a
Celery task is queued on commit. If the broker is down the message waits: the
periodic sweeper sends whatever was never sent. Send errors are logged and retried with
back-off; they never reach the user.

Nobody talks to the mail server inside a transaction (a silent server would hold a row
lock, and a connection, for as long as it stays silent). A delivery claims the row in a
short transaction (pending → sending, committed), then renders and sends with no
transaction open, then records the outcome in a second short one. A task that runs twice
finds the row already claimed and sends nothing. A row left in `sending` (the worker was
killed mid-send) is taken again by the sweeper after OUTBOX_SENDING_GRACE_SECONDS and sent
with the same Message-ID, so the receiving side can recognise a second copy.

Secret links (an invitation, a draft, a password reset) are never stored here: the context
holds a reference, {"link": {"kind": ..., "id": ...}}, and the function the app registered
for that kind (`register_link`) issues the link when the message is delivered. Only the
issuing app stores anything, and only a hash; the rendered body is not stored at all.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
from collections.abc import Callable, Iterable
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

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


# ---------------------------------------------------------------- secret links

LinkIssuer = Callable[..., dict[str, str] | None]
_link_issuers: dict[str, LinkIssuer] = {}


class LinkUnavailable(Exception):
    """The link a message carries can no longer be issued; the message is not sent."""


def register_link(kind: str, issue: LinkIssuer) -> None:
    """An app's secret link, issued when a message carrying it is delivered.

    `issue(object_id=, secret=)` runs outside any transaction (it opens its own), stores what
    it needs to recognise the link later (a hash of `secret`, never the secret) and returns
    the template's variables: {"invitation_url": ..., "expires_at": ...}. Those are rendered
    into the e-mail and stored nowhere. It returns None when the link has no purpose any more
    (the invitation was used, the draft submitted): the message is then not sent.

    `secret` is derived from the outbox row, so a re-send of the same row (after an error, or
    after a worker died mid-send) carries the same link as the copy that may already have
    arrived; a resend from the admin is a new row and so a new link. An issuer with a token
    scheme of its own (Django's password reset) may ignore it. Apps register in ready()."""
    _link_issuers[kind] = issue


def outbox_link(kind: str, object_id: int) -> dict:
    """The reference a message's context holds under "link" instead of a secret URL."""
    return {"kind": kind, "id": object_id}


def _check_link(context: dict) -> None:
    link = context.get("link")
    if link is None:
        return
    if not isinstance(link, dict) or set(link) != {"kind", "id"}:
        raise ValueError('context["link"] must be outbox_link(kind, object_id).')
    if link["kind"] not in _link_issuers:
        raise ValueError(f"No link of kind {link['kind']!r} is registered (register_link).")


def link_secret(message: OutboxMessage) -> str:
    """The secret of this row's link: a keyed hash (SECRET_KEY) of the row's uuid, so it is
    not in the database, and is the same for every copy of the row."""
    digest = salted_hmac(
        "aiga.outbox.link", f"{message.pk}:{message.uuid}", algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue_link(message: OutboxMessage) -> dict[str, str]:
    """The variables of the message's link, issued now (nothing when it has none)."""
    link = message.context.get("link")
    if not link:
        return {}
    issue = _link_issuers.get(link["kind"])
    if issue is None:
        raise LookupError(f"No link of kind {link['kind']!r} is registered.")
    variables = issue(object_id=link["id"], secret=link_secret(message))
    if variables is None:
        raise LinkUnavailable(f"the {link['kind']} link for {link['id']} is no longer issued")
    return variables


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
    not_before=None,
) -> OutboxMessage:
    """Record a message to send after the surrounding transaction commits.

    One idempotency key per (object, purpose): a second call with the same key
    returns the existing message and sends nothing more. `not_before` (an aware datetime)
    holds the message until then: a batch spaces its messages so as not to flood the
    mail server; the task is queued for that time and the sweeper sends it if lost.
    """
    to_list = _clean_addresses(to)
    check_raw_context(context or {})
    _check_link(context or {})
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
            next_attempt_at=not_before,
        )
        if target is not None:
            message.content_type = ContentType.objects.get_for_model(
                target, for_concrete_model=False
            )
            message.object_id = str(target.pk)
        message.save()
        message_id = message.pk
        if not_before is not None and not_before > timezone.now():
            transaction.on_commit(lambda: queue_delivery_at(message_id, not_before))
        else:
            transaction.on_commit(lambda: queue_delivery(message_id))
    return message


def queue_delivery_at(message_id: int, eta) -> None:
    """Hand the message to a worker for `eta` (its slot). A broker error is logged; the
    sweeper sends it once it is due."""
    from aiga.tasks import outbox_send

    try:
        outbox_send.apply_async((message_id,), eta=eta)
    except Exception:  # noqa: BLE001 - any broker failure must not reach the user
        logger.warning("Could not queue outbox message %s for %s.", message_id, eta, exc_info=True)


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


def message_id_header(message: OutboxMessage) -> str:
    """The Message-ID of every copy of this row: a re-send of a row repeats it, a resend from
    the admin (a new row) has its own."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or DNS_NAME.get_fqdn()
    return f"<outbox-{message.pk}-{message.uuid.hex}@{domain}>"


def _mask(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[…]")
    return text


def _build_email(message: OutboxMessage) -> tuple[EmailMessage, str, list[str]]:
    """The e-mail as it goes out, its subject, and the secret values it carries (to be kept
    out of anything stored). Issues the message's link, if it has one."""
    issued = issue_link(message)
    context = {**message.context, **issued}
    subject, body = render_message(message.template_key, context, message.language)
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        cc=message.cc,
        headers={
            "Message-ID": message_id_header(message),
            "X-AIGA-Message": message.idempotency_key[:200],
        },
    )
    for attachment in message.attachments:
        with private_storage.open(attachment["path"], "rb") as handle:
            content = handle.read()
        filename = attachment.get("filename") or attachment["path"].rsplit("/", 1)[-1]
        mimetype = attachment.get("mimetype") or mimetypes.guess_type(filename)[0]
        email.attach(filename, content, mimetype or "application/octet-stream")
    return email, subject, [str(value) for value in issued.values() if value]


def _sending_is_stale(message: OutboxMessage, now) -> bool:
    grace = timedelta(seconds=settings.OUTBOX_SENDING_GRACE_SECONDS)
    started = message.sending_started_at
    return started is None or started <= now - grace


def _claim(*, message_id: int, skip_locked: bool, now) -> OutboxMessage | None:
    """Pending and due (or stuck in `sending` past the grace period) → `sending`, committed."""
    with transaction.atomic():
        qs = OutboxMessage.objects.select_for_update(skip_locked=skip_locked)
        message = qs.filter(pk=message_id).first()
        if message is None:
            return None
        if message.status == OutboxMessage.Status.PENDING:
            if message.next_attempt_at and message.next_attempt_at > now:
                return None
        elif message.status == OutboxMessage.Status.SENDING:
            if not _sending_is_stale(message, now):
                return None  # another worker is sending it now
            logger.warning(
                "Outbox message %s was left in sending since %s; sending it again.",
                message.pk,
                message.sending_started_at,
            )
            message.recovered_at = now
        else:
            return None
        message.status = OutboxMessage.Status.SENDING
        message.sending_started_at = now
        message.attempts += 1
        message.save(update_fields=["status", "sending_started_at", "attempts", "recovered_at"])
    return message


def _record_failure(claimed: OutboxMessage, error: str, *, now, cancel: bool = False) -> None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=claimed.pk)
        if (
            message.status != OutboxMessage.Status.SENDING
            or message.sending_started_at != claimed.sending_started_at
        ):
            return  # another delivery took the row over (this one outlived the grace period)
        message.last_error = error[:2000]
        message.sending_started_at = None
        if cancel:
            message.status = OutboxMessage.Status.CANCELLED
            message.next_attempt_at = None
        elif message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
            message.next_attempt_at = None
        else:
            message.status = OutboxMessage.Status.PENDING
            message.next_attempt_at = now + backoff(message.attempts)
        message.save(
            update_fields=["last_error", "sending_started_at", "status", "next_attempt_at"]
        )


def _record_sent(claimed: OutboxMessage, subject: str) -> bool:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=claimed.pk)
        if message.status != OutboxMessage.Status.SENDING:
            return False  # a slower twin already recorded it
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.subject = subject[:300]
        message.last_error = ""
        message.next_attempt_at = None
        message.sending_started_at = None
        message.save(
            update_fields=[
                "status",
                "sent_at",
                "subject",
                "last_error",
                "next_attempt_at",
                "sending_started_at",
            ]
        )
        # The object the message is about records that it went out (an invoice's sent_at),
        # whoever sent it: the task queued on commit, a retry, or the sweeper.
        message_sent.send(sender=OutboxMessage, message=message)
    return True


def outbox_deliver(*, message_id: int, skip_locked: bool = False) -> bool:
    """Send one message if it is still pending. Returns True when this call sent it.

    Call it outside any transaction: the conversation with the mail server happens between
    the claim and the record of the outcome, with no transaction open."""
    now = timezone.now()
    message = _claim(message_id=message_id, skip_locked=skip_locked, now=now)
    if message is None:
        return False
    secret_values: list[str] = []
    try:
        email, subject, secret_values = _build_email(message)
        email.send(fail_silently=False)
    except LinkUnavailable as exc:
        logger.info("Outbox message %s not sent: %s", message.pk, exc)
        _record_failure(message, f"{type(exc).__name__}: {exc}", now=now, cancel=True)
        return False
    except Exception as exc:  # noqa: BLE001 - logged, retried with back-off
        logger.exception("Outbox message %s failed (attempt %s)", message.pk, message.attempts)
        _record_failure(message, _mask(f"{type(exc).__name__}: {exc}", secret_values), now=now)
        return False
    return _record_sent(message, _mask(subject, secret_values))


def outbox_sweep(*, limit: int = 200) -> int:
    """Send messages that were never sent (broker down, worker lost, earlier failure), and
    those a worker left in `sending` longer than the grace period."""
    now = timezone.now()
    stale_before = now - timedelta(seconds=settings.OUTBOX_SENDING_GRACE_SECONDS)
    due = (
        OutboxMessage.objects.filter(
            Q(status=OutboxMessage.Status.PENDING)
            & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            | Q(status=OutboxMessage.Status.SENDING, sending_started_at__lte=stale_before)
        )
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
