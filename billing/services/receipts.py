"""Receipts (領収書): issued when a member asks, for a fully paid invoice, once.

The row (its number taken in the issuing transaction, so the series has no gap) freezes
what the receipt says; the PDF is rendered after commit and stored, and every later
request serves those same bytes."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from billing import numbering, pdf
from billing.models import Invoice, IssuerProfile, Payment, Receipt


class ReceiptError(Exception):
    """A receipt the rules refuse; the message is shown to the member."""


def receipt_purpose(descriptions: list[str]) -> str:
    """The 但し書き from the invoice's lines: 「入会費及び年会費として」, 「年会費として」,
    or, for anything else, 「会費等として」. Document text: Japanese."""
    admission = any(text.startswith("入会費") for text in descriptions)
    annual = any(text.startswith("年会費") for text in descriptions)
    with translation.override("ja"):
        if admission and annual:
            return _("入会費及び年会費として")
        if annual:
            return _("年会費として")
        if admission:
            return _("入会費として")
        return _("会費等として")


def receipt_addressee(organisation) -> str:
    """「〇〇株式会社 御中」: a receipt is made out to the company."""
    suffix = "御中" if organisation.is_corporate else "様"
    return f"{organisation.legal_name} {suffix}"


def receipt_issue(*, invoice: Invoice, actor, today: datetime.date | None = None) -> Receipt:
    """The receipt of a fully paid invoice: issued at the first request, the same one (and
    the same stored PDF) at every later one."""
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        receipt = Receipt.objects.filter(invoice=locked).first()
        if receipt is None:
            if locked.kind != Invoice.Kind.INVOICE or locked.status != Invoice.Status.PAID:
                raise ReceiptError(_("領収書は入金済みの請求書についてのみ発行できます。"))
            # What was received: a transfer fee written off (the payer's bank deducted it)
            # is not money received, so it is neither in the amount nor the date.
            fee = Payment.Method.TRANSFER_FEE
            transfers = locked.payments.exclude(method=fee)
            received_on = transfers.filter(amount__gt=0).aggregate(d=Max("paid_on"))["d"]
            written_off = locked.payments.filter(method=fee).aggregate(s=Sum("amount"))["s"] or 0
            issued_on = today or numbering.tokyo_date()
            receipt = Receipt.objects.create(
                invoice=locked,
                number=numbering.next_number(series=numbering.RECEIPT_SERIES, on=issued_on),
                issued_at=timezone.now(),
                issued_on=issued_on,
                received_on=received_on or issued_on,
                amount=locked.total - written_off,
                addressee=receipt_addressee(locked.organisation),
                purpose=receipt_purpose([line.description for line in locked.lines.all()]),
                issuer=locked.issuer or IssuerProfile.current().snapshot(),
                issued_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_log(
                actor=actor,
                action="receipt.issue",
                target=locked,
                data={"receipt": receipt.pk, "number": receipt.number, "amount": receipt.amount},
            )
    if not receipt.pdf:
        receipt = receipt_render_pdf(receipt_id=receipt.pk)
    return receipt


def receipt_render_pdf(*, receipt_id: int) -> Receipt:
    """Render and store the PDF once; a second call returns the stored one untouched. The
    rendering holds no lock."""
    receipt = Receipt.objects.select_related("invoice").get(pk=receipt_id)
    if receipt.pdf:
        return receipt
    content = pdf.receipt_pdf_bytes(receipt)
    with transaction.atomic():
        receipt = Receipt.objects.select_for_update().get(pk=receipt_id)
        if receipt.pdf:  # another request stored it meanwhile
            return receipt
        receipt.pdf.save(receipt.pdf_filename, ContentFile(content), save=False)
        receipt.pdf_sha256 = pdf.sha256(content)
        receipt.save(update_fields=["pdf", "pdf_sha256"])
    return receipt
