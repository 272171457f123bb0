"""Invoices the association issued before this system, imported with its existing members
(the register import). They keep their original numbers and stay outside the gapless
invoice series: never rendered, never e-mailed, never renumbered. The yearly renewal run
leaves out an organisation that already holds one for the fiscal year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegacyInvoice(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="legacy_invoices",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("事業年度"), db_index=True, help_text=_("10月に始まる年度の開始年（例: 2026）。")
    )
    number = models.CharField(_("元の請求書番号"), max_length=50, unique=True)
    subject = models.CharField(_("件名"), max_length=200, blank=True)
    issue_date = models.DateField(_("発行日"))
    total = models.BigIntegerField(_("合計金額（税込）"))
    paid_on = models.DateField(_("入金日"), null=True, blank=True)
    note = models.TextField(_("備考"), blank=True)
    imported_at = models.DateTimeField(_("取込日時"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取込者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("移行前の請求書")
        verbose_name_plural = _("移行前の請求書")
        ordering = ["-fiscal_year", "number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="legacy_invoice_total")
        ]

    def __str__(self):
        return (
            f"{self.number} {self.organisation.legal_name if self.organisation_id else ''}".strip()
        )

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None
