"""The yearly renewal run (年会費請求) and the reminders (督促) that follow unpaid invoices.

A run is one fiscal year's batch: its progress (done / total, errors) is what the admin
shows while the worker issues. A reminder is one step of the schedule sent for one
invoice (once: a constraint). A pause is the secretariat's note that an organisation is in
discussion (協議中) and gets no reminders. A suspension records which unpaid invoice led
the secretariat to suspend a membership, so that its payment lifts it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RenewalRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("開始待ち")
        RUNNING = "running", _("発行中")
        DONE = "done", _("完了")
        FAILED = "failed", _("中断（再開できます）")

    fiscal_year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("請求対象"), default=0)
    done = models.PositiveIntegerField(_("処理済"), default=0)
    issued = models.PositiveIntegerField(_("今回発行"), default=0)
    skipped = models.PositiveIntegerField(_("発行済のため省略"), default=0)
    errors = models.JSONField(_("エラー"), default=list, blank=True)
    total_amount = models.BigIntegerField(_("請求総額"), default=0)
    # The next free slot for a first e-mail: the run spaces them RENEWAL_EMAILS_PER_MINUTE.
    next_send_at = models.DateTimeField(_("次のメール送付予定"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実行者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最終更新"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完了日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("年会費請求の一括発行")
        verbose_name_plural = _("年会費請求の一括発行")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return _("%(year)s年度 年会費請求") % {"year": self.fiscal_year}

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 100


class InvoiceReminder(models.Model):
    class Step(models.TextChoices):
        FIRST = "first", _("お支払いのお願い（1回目）")
        SECOND = "second", _("お支払いのお願い（2回目）")
        CALL = "call", _("電話連絡リスト")

    invoice = models.ForeignKey(
        "billing.Invoice",
        verbose_name=_("請求書"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    step = models.CharField(_("段階"), max_length=10, choices=Step.choices)
    days_overdue = models.PositiveIntegerField(_("期限超過日数"))
    message = models.ForeignKey(
        "aiga.OutboxMessage",
        verbose_name=_("メール"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("督促")
        verbose_name_plural = _("督促")
        ordering = ["invoice", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "step"], name="invoice_reminder_once"),
        ]

    def __str__(self):
        return f"{self.invoice.number} {self.get_step_display()}"


class ReminderPause(models.Model):
    """An organisation the secretariat is in discussion with (協議中): no reminders."""

    organisation = models.OneToOneField(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="reminder_pause",
    )
    reason = models.TextField(_("協議の内容"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("督促の保留（協議中）")
        verbose_name_plural = _("督促の保留（協議中）")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.organisation)


class MembershipSuspension(models.Model):
    """A membership the secretariat suspended for an unpaid invoice; lifted on payment."""

    invoice = models.ForeignKey(
        "billing.Invoice",
        verbose_name=_("未納の請求書"),
        on_delete=models.PROTECT,
        related_name="suspensions",
    )
    membership = models.ForeignKey(
        "members.Membership",
        verbose_name=_("会員資格"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("停止の理由"))
    suspended_at = models.DateTimeField(_("停止日時"), auto_now_add=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("停止した事務局員"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("解除日時"), null=True, blank=True)
    lift_reason = models.CharField(_("解除の理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("会員資格の停止")
        verbose_name_plural = _("会員資格の停止")
        ordering = ["-suspended_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(lifted_at__isnull=True),
                name="membership_one_open_suspension",
            ),
        ]

    def __str__(self):
        return f"{self.membership} ({self.invoice.number})"
