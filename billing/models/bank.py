"""The bank's files as imported, and each credit in them with the invoice proposed for it.

A statement is kept as the bank sent it (private storage) and recognised by its content,
so the same file is never imported twice. A line is booked only when the secretariat
confirms it: then it points at the payment that `payment_record` wrote."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aiga.files import get_private_storage
from aiga.uploads import GeneratedFile

__all__ = ["BankStatement", "BankLine"]


class BankStatement(models.Model):
    class Format(models.TextChoices):
        ZENGIN_STATEMENT = "zengin_statement", _("全銀協 入出金取引明細")
        ZENGIN_TRANSFER = "zengin_transfer", _("全銀協 振込入金通知")
        CSV = "csv", _("ネットバンキングのCSV")

    file = GeneratedFile(_("ファイル"), storage=get_private_storage, upload_to="bank/")
    filename = models.CharField(_("ファイル名"), max_length=255)
    sha256 = models.CharField(
        _("内容のSHA-256"),
        max_length=64,
        unique=True,
        help_text=_("改行を除いた内容のハッシュ。同じファイルの二重取込を防ぎます。"),
    )
    format = models.CharField(_("形式"), max_length=20, choices=Format.choices)
    bank_name = models.CharField(_("銀行名"), max_length=100, blank=True)
    branch_name = models.CharField(_("支店名"), max_length=100, blank=True)
    account_number = models.CharField(_("口座番号"), max_length=20, blank=True)
    period_from = models.DateField(_("期間（自）"), null=True, blank=True)
    period_to = models.DateField(_("期間（至）"), null=True, blank=True)
    credit_count = models.PositiveIntegerField(_("入金件数"), default=0)
    credit_total = models.BigIntegerField(_("入金合計（円）"), default=0)
    debit_count = models.PositiveIntegerField(_("出金件数（取込対象外）"), default=0)
    created_at = models.DateTimeField(_("取込日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取込者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("入金明細の取込")
        verbose_name_plural = _("入金明細の取込")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename


class BankLine(models.Model):
    """One credit of a statement, with the invoice the matcher proposed and why."""

    class Confidence(models.TextChoices):
        HIGH = "high", _("確実")
        MEDIUM = "medium", _("要確認")
        LOW = "low", _("参考")
        NONE = "none", _("候補なし")

    class Reason(models.TextChoices):
        INVOICE_NUMBER = "invoice_number", _("請求書番号の記載")
        MEMBER_NUMBER = "member_number", _("会員番号の記載")
        NAME = "name", _("振込依頼人名（カナ）が一致")
        NAME_PREFIX = "name_prefix", _("振込依頼人名（カナ）の前方が一致")
        AMOUNT = "amount", _("金額のみ一致")
        AMBIGUOUS = "ambiguous", _("同額の請求書が複数あり特定できません")
        DUPLICATE = "duplicate", _("取込済みの明細と同じ入金の可能性があります")
        NONE = "none", _("該当する請求書がありません")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("未確認")
        BOOKED = "booked", _("入金記録済")
        SKIPPED = "skipped", _("対象外")

    statement = models.ForeignKey(
        BankStatement, verbose_name=_("取込"), on_delete=models.PROTECT, related_name="lines"
    )
    line_number = models.PositiveIntegerField(_("行"))
    value_date = models.DateField(_("入金日"))
    amount = models.BigIntegerField(_("入金額（円）"))
    payer_name = models.CharField(_("振込依頼人名"), max_length=200, blank=True)
    payer_bank = models.CharField(_("仕向銀行・支店"), max_length=100, blank=True)
    description = models.CharField(_("摘要"), max_length=200, blank=True)
    reference = models.CharField(_("照会番号"), max_length=20, blank=True)
    invoice = models.ForeignKey(
        "billing.Invoice",
        verbose_name=_("請求書"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank_lines",
    )
    confidence = models.CharField(
        _("確度"), max_length=10, choices=Confidence.choices, default=Confidence.NONE
    )
    reason = models.CharField(_("根拠"), max_length=20, choices=Reason.choices, default=Reason.NONE)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("同じ入金と思われる取込済みの明細"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payment = models.OneToOneField(
        "billing.Payment",
        verbose_name=_("入金記録"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bank_line",
    )
    decided_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("確認者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("入金明細")
        verbose_name_plural = _("入金明細")
        ordering = ["statement", "line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "line_number"], name="bank_line_unique_per_statement"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="bank_line_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="booked") | Q(payment__isnull=False),
                name="bank_line_booked_has_payment",
            ),
        ]

    def __str__(self):
        return f"{self.statement} {self.line_number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED
