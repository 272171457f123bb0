"""Payments against issued invoices: record, reverse, write off a transfer fee, and settle
the invoice's status. A payment that covers an invoice sends `billing.signals.invoice_paid`
and then, unless a receiver told the payer itself, queues the 入金確認のお知らせ."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from billing import numbering
from billing.models import Invoice, Payment
from billing.services.invoices import InvoiceError, billing_contact_for, invoice_mail_context
from billing.signals import invoice_paid

logger = logging.getLogger(__name__)


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
        answers = invoice_paid.send(sender=Invoice, invoice=invoice, actor=actor)
        if not any(told for _receiver, told in answers):
            invoice_id, paid_at = invoice.pk, invoice.paid_at
            transaction.on_commit(lambda: _queue_payment_notice(invoice_id, paid_at))
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
    if method not in Payment.Method.values or method == Payment.Method.TRANSFER_FEE:
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


def transfer_fee_shortfall(invoice: Invoice) -> int:
    """What an issued invoice still lacks, when it is no more than a bank charges for a
    transfer (settings.BILLING_TRANSFER_FEE_TOLERANCE) and something was paid; else 0."""
    if invoice.kind != Invoice.Kind.INVOICE or invoice.status != Invoice.Status.ISSUED:
        return 0
    paid = invoice.paid_amount
    shortfall = invoice.total - paid
    if paid <= 0 or not 0 < shortfall <= settings.BILLING_TRANSFER_FEE_TOLERANCE:
        return 0
    return shortfall


def payment_write_off_transfer_fee(
    *, invoice: Invoice, actor, on: datetime.date | None = None
) -> Payment:
    """The transfer fee the payer deducted, booked as 振込手数料 (an entry of its own,
    shown with the invoice's payments), so the invoice counts as paid. Only for a
    shortfall up to the setting; larger ones stay visible as a shortfall."""
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        shortfall = transfer_fee_shortfall(locked)
        if not shortfall:
            raise InvoiceError(
                _(
                    "振込手数料として処理できるのは、入金のある発行済みの請求書で、"
                    "不足額が%(limit)s円以下のときだけです。"
                )
                % {"limit": f"{settings.BILLING_TRANSFER_FEE_TOLERANCE:,}"}
            )
        payment = Payment.objects.create(
            invoice=locked,
            paid_on=on or numbering.tokyo_date(),
            amount=shortfall,
            method=Payment.Method.TRANSFER_FEE,
            note=str(_("振込手数料（差引入金）")),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_log(
            actor=actor,
            action="payment.write_off_fee",
            target=locked,
            data={"payment": payment.pk, "amount": shortfall},
        )
        _settle(invoice=locked, actor=actor)
    invoice.status = locked.status
    return payment


def _queue_payment_notice(invoice_id: int, paid_at) -> None:
    try:
        payment_notice_send(invoice_id=invoice_id, at=paid_at)
    except Exception:  # noqa: BLE001 - the payment stands; the notice is logged as missing
        logger.exception("Could not write the payment notice of invoice %s.", invoice_id)


def payment_notice_send(*, invoice_id: int, at=None) -> None:
    """入金確認のお知らせ to the invoice's addressee, once per time the invoice became paid."""
    invoice = Invoice.objects.select_related("organisation", "billing_contact").get(pk=invoice_id)
    if invoice.status != Invoice.Status.PAID:
        return
    contact = billing_contact_for(invoice.organisation, invoice.billing_contact)
    if contact is None or not contact.email:
        return
    payments = invoice.payments.order_by("paid_on", "id")
    received = [p for p in payments if p.method != Payment.Method.TRANSFER_FEE]
    context = {
        **invoice_mail_context(invoice, contact),
        "paid_on": (received[-1].paid_on if received else invoice.paid_at.date()).isoformat(),
        "paid_amount": sum(p.amount for p in received),
        "fee_written_off": sum(
            p.amount for p in payments if p.method == Payment.Method.TRANSFER_FEE
        ),
        "portal_url": settings.SITE_URL + reverse("billing_portal:invoices"),
    }
    moment = at or invoice.paid_at
    outbox_enqueue(
        to=contact.email,
        cc=contact.cc_emails or [],
        template_key="billing.payment_received",
        purpose="billing.payment_received",
        context=context,
        target=invoice,
        idempotency_key=f"billing.payment_received:{invoice.pk}:{moment:%Y%m%d%H%M%S%f}",
    )
