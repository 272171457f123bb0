"""Shared building blocks: the audit log, e-mail templates and the notification outbox."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImmutableError(Exception):
    """Raised when code tries to change or delete a record that must never change."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError(f"{self.model.__name__} rows cannot be updated.")

    def delete(self):
        raise ImmutableError(f"{self.model.__name__} rows cannot be deleted.")


class AuditEntry(models.Model):
    """Who did what to which object, when, from which state to which. Append-only.

    It holds ids, not personal data (the target by content type and id; the actor by id):
    a person's name or address lives in the register, where it can be corrected or erased.
    Each entry carries the hash of the one before (aiga.audit), so that an entry changed or
    removed behind the application's back is found by `manage.py audit_verify`."""

    # Set by aiga.audit before the hash is computed (not auto_now_add, which would overwrite it).
    created_at = models.DateTimeField(_("日時"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("対象の種類"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("対象ID"), max_length=64, blank=True, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    from_state = models.CharField(_("変更前"), max_length=100, blank=True)
    to_state = models.CharField(_("変更後"), max_length=100, blank=True)
    note = models.TextField(_("備考"), blank=True)
    data = models.JSONField(_("詳細"), default=dict, blank=True)
    prev_hash = models.CharField(_("前の記録のハッシュ"), max_length=64, blank=True)
    hash = models.CharField(_("ハッシュ"), max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return (
            f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M} {self.action} {self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Audit entries cannot be deleted.")


class EmailTemplate(models.Model):
    """An e-mail the secretariat can edit: Japanese first, English below, with variables."""

    key = models.SlugField(_("キー"), max_length=100, unique=True)
    description = models.CharField(_("用途"), max_length=200, blank=True)
    subject_ja = models.CharField(_("件名（日本語）"), max_length=200)
    body_ja = models.TextField(_("本文（日本語）"))
    subject_en = models.CharField(_("件名（英語）"), max_length=200, blank=True)
    body_en = models.TextField(_("本文（英語）"), blank=True)
    variables = models.CharField(_("使える変数"), max_length=500, blank=True)
    # The SHA-256 of the default text this row was last written from (aiga.mail): while the
    # text still matches it, nobody has edited it, and a new version of the default replaces it.
    default_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("メールテンプレート")
        verbose_name_plural = _("メールテンプレート")
        ordering = ["key"]

    def __str__(self):
        return f"{self.key}: {self.subject_ja}"


class OutboxMessage(models.Model):
    """A notification written in the same transaction as the change that causes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("送信待ち")
        # Claimed by a worker, which is talking to the mail server (outside any transaction).
        SENDING = "sending", _("送信中")
        SENT = "sent", _("送信済み")
        FAILED = "failed", _("送信失敗")
        # Not sent: the link it carries can no longer be issued (used, replaced, submitted).
        CANCELLED = "cancelled", _("送信取りやめ")

    # One per row, never changed: the Message-ID a re-send of this row repeats, so that the
    # receiving server and the recipient can tell a second copy for what it is.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True, db_index=True)
    to = models.JSONField(_("宛先"), default=list)
    cc = models.JSONField(_("CC"), default=list, blank=True)
    template_key = models.CharField(_("テンプレート"), max_length=100)
    context = models.JSONField(_("差し込み内容"), default=dict, blank=True)
    language = models.CharField(_("言語"), max_length=8, default="ja")
    purpose = models.CharField(_("目的"), max_length=100)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("対象の種類"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("対象ID"), max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    idempotency_key = models.CharField(_("冪等キー"), max_length=255, unique=True)
    attachments = models.JSONField(
        _("添付ファイル"),
        default=list,
        blank=True,
        help_text=_(
            "非公開ストレージ上のファイル: [{'path': ..., 'filename': ..., 'mimetype': ...}]"
        ),
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("試行回数"), default=0)
    sending_started_at = models.DateTimeField(_("送信開始日時"), null=True, blank=True)
    # Set when the sweeper took the row over from a worker that died mid-send: the first copy
    # may have reached the recipient, so this one may be a duplicate (same Message-ID).
    recovered_at = models.DateTimeField(_("中断後の再送日時"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("次回試行"), null=True, blank=True)
    last_error = models.TextField(_("最後のエラー"), blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)
    subject = models.CharField(_("件名"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("送信メッセージ")
        verbose_name_plural = _("送信メッセージ（アウトボックス）")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.purpose} → {', '.join(self.to)}"


class FeedToken(models.Model):
    """A private calendar feed's secret address: one per user and kind of feed. Only the
    hash is stored, so the address is shown once, when issued; issuing again resets it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("利用者"),
        on_delete=models.CASCADE,
        related_name="feed_tokens",
    )
    kind = models.CharField(_("フィードの種類"), max_length=50)
    token_hash = models.CharField(_("トークンのハッシュ"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最終利用日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("カレンダーフィードのURL")
        verbose_name_plural = _("カレンダーフィードのURL")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="feed_token_one_per_user_kind")
        ]

    def __str__(self):
        return f"{self.kind} {self.user_id}"


class Heartbeat(models.Model):
    """The last sign of life of a background process: the beat scheduler writes "beat" as it
    ticks, a worker writes "worker" when it runs the heartbeat task that beat queues. A stale
    one shows on the admin's index (aiga.health)."""

    name = models.CharField(_("プロセス"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("最終確認日時"))

    class Meta:
        verbose_name = _("稼働確認")
        verbose_name_plural = _("稼働確認")

    def __str__(self):
        return f"{self.name} {timezone.localtime(self.beat_at):%Y-%m-%d %H:%M}"


class FailureNotice(models.Model):
    """A failure the secretariat has been e-mailed about (aiga.health), so that each is
    e-mailed once."""

    key = models.CharField(_("障害キー"), max_length=200, unique=True)
    notified_at = models.DateTimeField(_("通知日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("障害の通知")
        verbose_name_plural = _("障害の通知")

    def __str__(self):
        return self.key
