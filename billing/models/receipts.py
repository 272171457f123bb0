"""Receipts (領収書) for paid invoices: one per invoice, numbered in their own series."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aiga.files import get_private_storage
from aiga.uploads import GeneratedFile


def receipt_pdf_path(instance, filename):
    return f"receipts/{instance.issued_on:%Y}/{filename}"


class Receipt(models.Model):
    """A 領収書 for a fully paid invoice, issued when the member asks for it. Written once:
    the amount, the payment date and the wording are frozen at issue, and the PDF is
    stored, so every download gives the same bytes."""

    invoice = models.OneToOneField(
        "billing.Invoice",
        verbose_name=_("請求書"),
        on_delete=models.PROTECT,
        related_name="receipt",
    )
    number = models.CharField(_("領収書番号"), max_length=30, unique=True)
    issued_at = models.DateTimeField(_("発行日時"))
    issued_on = models.DateField(_("発行日"))
    received_on = models.DateField(_("受領日"))
    amount = models.BigIntegerField(_("金額"))
    addressee = models.CharField(_("宛名"), max_length=300)
    purpose = models.CharField(_("但し書き"), max_length=200)
    issuer = models.JSONField(_("発行者情報"), default=dict, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("発行を依頼した人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pdf = GeneratedFile(
        _("PDF"), storage=get_private_storage, upload_to=receipt_pdf_path, blank=True
    )
    pdf_sha256 = models.CharField(_("PDFのSHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("領収書")
        verbose_name_plural = _("領収書")
        ordering = ["-issued_at", "-number"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="receipt_amount_positive")
        ]

    def __str__(self):
        return self.number

    @property
    def pdf_filename(self) -> str:
        return f"{self.number}.pdf"
