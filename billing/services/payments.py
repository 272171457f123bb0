"""Payments against issued invoices: record, reverse, and settle the invoice's status.
A payment that covers an invoice sends `billing.signals.invoice_paid`."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from billing import numbering
from billing.models import Invoice, Payment
from billing.services.invoices import InvoiceError
from billing.signals import invoice_paid


def _settle(*, invoice: Invoice, actor) -> None:
    """Move a locked invoice between issued and paid as its payments cover it or not."""
    paid = int(invoice.payments.aggregate(s=Sum("amount"))["s"] or 0)
    if invoice.status == Invoice.Status.ISSUED and paid >= invoice.total:
        invoice.status = Invoice.Status.PAID
        invoice.paid_at = timezone.now()
        invoice.save(update_fields=["status", "paid_at"])
        audit_log(
            actor=actor,
            action="invoice.paid",
            target=invoice,
            from_state=Invoice.Status.ISSUED,
            to_state=Invoice.Status.PAID,
            data={"paid": paid, "total": invoice.total, "excess": paid - invoice.total},
        )
        invoice_paid.send(sender=Invoice, invoice=invoice, actor=actor)
    elif invoice.status == Invoice.Status.PAID and paid < invoice.total:
        invoice.status = Invoice.Status.ISSUED
        invoice.paid_at = None
        invoice.save(update_fields=["status", "paid_at"])
        audit_log(
            actor=actor,
            action="invoice.reopened",
            target=invoice,
            from_state=Invoice.Status.PAID,
            to_state=Invoice.Status.ISSUED,
            data={"paid": paid, "total": invoice.total, "shortfall": invoice.total - paid},
        )


def payment_record(
    *,
    invoice: Invoice,
    paid_on: datetime.date,
    amount: int,
    payer_name: str,
    method: str,
    note: str = "",
    actor,
) -> Payment:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise InvoiceError(_("入金額は1円以上の整数で入力してください。"))
    if method not in Payment.Method.values:
        raise InvoiceError(_("入金方法が正しくありません。"))
    if not isinstance(paid_on, datetime.date):
        raise InvoiceError(_("入金日を入力してください。"))
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.kind != Invoice.Kind.INVOICE or locked.status not in (
            Invoice.Status.ISSUED,
            Invoice.Status.PAID,
        ):
            raise InvoiceError(_("入金を記録できるのは発行済みの請求書だけです。"))
        payment = Payment.objects.create(
            invoice=locked,
            paid_on=paid_on,
            amount=amount,
            payer_name=(payer_name or "").strip(),
            method=method,
            note=note or "",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="payment.record",
            target=locked,
            data={"payment": payment.pk, "amount": amount, "paid_on": paid_on.isoformat()},
        )
        _settle(invoice=locked, actor=actor)
    invoice.status = locked.status
    return payment


def payment_reverse(
    *, payment: Payment, reason: str, actor, on: datetime.date | None = None
) -> Payment:
    """Reverse a mistaken payment by a negative entry with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvoiceError(_("取消理由を入力してください。"))
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
        original = Payment.objects.get(pk=payment.pk)
        if original.amount < 0:
            raise InvoiceError(_("取消の入金はさらに取り消せません。"))
        if Payment.objects.filter(reverses=original).exists():
            raise InvoiceError(_("この入金は既に取り消されています。"))
        reversal = Payment.objects.create(
            invoice=invoice,
            paid_on=on or numbering.tokyo_date(),
            amount=-original.amount,
            payer_name=original.payer_name,
            method=original.method,
            note=reason,
            reverses=original,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="payment.reverse",
            target=invoice,
            note=reason,
            data={"payment": original.pk, "reversal": reversal.pk, "amount": reversal.amount},
        )
        _settle(invoice=invoice, actor=actor)
    return reversal
