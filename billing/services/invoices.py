"""Invoice services: issue, cancel with a credit note, render, send and resend.

Every function is keyword-only, one transaction, writes its audit entry in that
transaction and queues follow-up work (PDF rendering, e-mail) on commit. The PDF is
rendered once, after commit, and stored with its SHA-256; only then is the e-mail
written to the outbox with the stored PDF attached, so the message never goes out
without its attachment and a duplicated task sends nothing.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aiga.audit import audit_log
from aiga.dates import date_ja
from aiga.models import OutboxMessage
from aiga.outbox import check_raw_context, outbox_deliver, outbox_enqueue
from billing import numbering, pdf
from billing.fees import REGULAR, SMB
from billing.fiscal import Half, fiscal_year_end, fiscal_year_label, half_start
from billing.invoice_calc import TAX_RATES, compute_totals, due_date_for
from billing.models import Invoice, InvoiceLine, IssuerProfile
from billing.models.invoices import BANK_ACCOUNT_MISSING

logger = logging.getLogger(__name__)


class InvoiceError(Exception):
    """A request the invoice rules refuse; the message is shown to the secretariat."""


def billing_contact_for(organisation, preferred=None):
    """The contact invoices go to: the given one, else the billing contact, else any contact."""
    if preferred is not None:
        return preferred
    contacts = organisation.contacts.filter(is_active=True).order_by("id")
    return contacts.filter(is_billing_contact=True).first() or contacts.first()


def addressee_for(organisation, contact=None) -> str:
    """「〇〇株式会社 御中」 for the company; 「〇〇株式会社 経理部 〇〇 〇〇 様」 for a person."""
    if contact is not None:
        return contact.addressee
    if organisation.is_corporate:
        return f"{organisation.legal_name} 御中"
    return f"{organisation.legal_name} 様"


def invoice_lines_clean(lines: Sequence[dict]) -> list[dict]:
    """Lines as a draft may hold them: a description, a quantity of 1 or more, an integer
    unit price and a known tax treatment. Raises InvoiceError naming the line."""
    if not lines:
        raise InvoiceError(_("明細が1行もありません。"))
    clean = []
    for index, line in enumerate(lines, start=1):
        description = str(line.get("description", "")).strip()
        treatment = line.get("tax_treatment", "non_taxable")
        try:
            quantity = int(line.get("quantity", 1))
            unit_price = int(line["unit_price"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvoiceError(
                _("%(n)s行目の数量または単価が正しくありません。") % {"n": index}
            ) from exc
        if not description:
            raise InvoiceError(_("%(n)s行目の品目が空です。") % {"n": index})
        if quantity <= 0:
            raise InvoiceError(_("%(n)s行目の数量は1以上にしてください。") % {"n": index})
        if treatment not in TAX_RATES:
            raise InvoiceError(_("%(n)s行目の税区分が正しくありません。") % {"n": index})
        clean.append(
            {
                "description": description,
                "quantity": quantity,
                "unit_price": unit_price,
                "tax_treatment": treatment,
            }
        )
    return clean


# The tier as a fee line names it: 「入会費（正会員・SMB・スタートアップ枠）」.
TIER_LINE_LABELS = {
    REGULAR: gettext_lazy("正会員・通常枠"),
    SMB: gettext_lazy("正会員・SMB・スタートアップ枠"),
}


def lines_for_quote(quote) -> list[dict]:
    """Invoice lines for a FeeQuote, each naming the tier: 「入会費（正会員・通常枠）」 and
    「年会費（正会員・通常枠、2026年4月1日～2026年9月30日）」.
    Document text: Japanese whoever asks, like the PDF it becomes."""
    start = half_start(quote.fiscal_year, quote.half)
    end = fiscal_year_end(quote.fiscal_year)
    lines = []
    if quote.admission_fee:
        lines.append(admission_fee_line(tier=quote.tier, amount=quote.admission_fee))
    lines.append(annual_fee_line(tier=quote.tier, start=start, end=end, amount=quote.annual_fee))
    return lines


def admission_fee_line(*, tier: str, amount: int) -> dict:
    """「入会費（正会員・通常枠）」 as an invoice line (document text: Japanese)."""
    with translation.override("ja"):
        label = str(TIER_LINE_LABELS.get(tier) or tier)
        return {
            "description": _("入会費（%(tier)s）") % {"tier": label},
            "quantity": 1,
            "unit_price": amount,
            "tax_treatment": "non_taxable",
        }


def annual_fee_line(*, tier: str, start: datetime.date, end: datetime.date, amount: int) -> dict:
    """「年会費（正会員・通常枠、2026年10月1日～2027年9月30日）」 as an invoice line: the tier
    and the period it pays for (document text: Japanese)."""
    with translation.override("ja"):
        label = str(TIER_LINE_LABELS.get(tier) or tier)
        return {
            "description": _("年会費（%(tier)s、%(start)s～%(end)s）")
            % {"tier": label, "start": date_ja(start), "end": date_ja(end)},
            "quantity": 1,
            "unit_price": amount,
            "tax_treatment": "non_taxable",
        }


def fee_invoice_subject(
    fiscal_year: int, *, half: Half | None = None, with_admission_fee: bool = True
) -> str:
    """「2026年度 入会費・年会費（上期入会）」, in Japanese whoever issues the invoice. The
    half says why a member admitted in December pays the year from 1 October (上期 runs
    October to March), one admitted in May from 1 April."""
    with translation.override("ja"):
        fees = _("入会費・年会費") if with_admission_fee else _("年会費")
        subject = _("%(year)s %(fees)s") % {"year": fiscal_year_label(fiscal_year), "fees": fees}
        if half is not None:
            joined = _("上期入会") if Half(half) is Half.FIRST else _("下期入会")
            subject += _("（%(half)s）") % {"half": joined}
        return subject


def _clean_cover_letter(cover_letter: dict | None) -> dict:
    if not cover_letter:
        return {}
    missing = {"template_key", "to"} - set(cover_letter)
    if missing:
        raise ValueError(f"A cover letter needs {', '.join(sorted(missing))}.")
    check_raw_context(cover_letter.get("context") or {})
    return {
        "template_key": cover_letter["template_key"],
        "purpose": cover_letter.get("purpose") or cover_letter["template_key"],
        "to": cover_letter["to"],
        "cc": list(cover_letter.get("cc") or []),
        "language": cover_letter.get("language") or "ja",
        "context": dict(cover_letter.get("context") or {}),
    }


@transaction.atomic
def invoice_create_draft(
    *,
    organisation,
    lines: list[dict],
    subject: str,
    actor,
    replaces: Invoice | None = None,
    billing_contact=None,
    source_key: str = "",
    cover_letter: dict | None = None,
    renewal_fiscal_year: int | None = None,
    send_after: datetime.datetime | None = None,
) -> Invoice:
    """A draft invoice. `cover_letter` ({template_key, purpose, to, cc, language, context})
    replaces the first invoice e-mail by another message that carries the PDF (the
    approval notice of a new member), sent once the PDF is stored."""
    subject = (subject or "").strip()
    if not subject:
        raise InvoiceError(_("件名を入力してください。"))
    clean = invoice_lines_clean(lines)
    invoice = Invoice.objects.create(
        organisation=organisation,
        billing_contact=billing_contact,
        subject=subject,
        replaces=replaces,
        source_key=source_key,
        cover_letter=_clean_cover_letter(cover_letter),
        renewal_fiscal_year=renewal_fiscal_year,
        send_after=send_after,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    for position, line in enumerate(clean, start=1):
        InvoiceLine.objects.create(invoice=invoice, position=position, **line)
    audit_log(actor=actor, action="invoice.draft", target=invoice, to_state=invoice.status)
    return invoice


def invoice_draft_update(
    *,
    invoice: Invoice,
    subject: str,
    lines: list[dict],
    actor,
    billing_contact=None,
) -> Invoice:
    """Change a draft: its subject, addressee and lines (replaced as given). Issued
    invoices never change."""
    subject = (subject or "").strip()
    if not subject:
        raise InvoiceError(_("件名を入力してください。"))
    clean = invoice_lines_clean(lines)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status != Invoice.Status.DRAFT:
            raise InvoiceError(_("発行済みの請求書は変更できません。"))
        before = {
            "subject": locked.subject,
            "billing_contact": locked.billing_contact_id,
            "lines": [
                [line.description, line.quantity, line.unit_price, line.tax_treatment]
                for line in locked.lines.all()
            ],
        }
        locked.subject = subject
        locked.billing_contact = billing_contact
        locked.save(update_fields=["subject", "billing_contact"])
        locked.lines.all().delete()
        for position, line in enumerate(clean, start=1):
            InvoiceLine.objects.create(invoice=locked, position=position, **line)
        audit_log(
            actor=actor,
            action="invoice.draft_update",
            target=locked,
            data={
                "before": before,
                "after": {
                    "subject": subject,
                    "billing_contact": billing_contact.pk if billing_contact else None,
                    "lines": [
                        [x["description"], x["quantity"], x["unit_price"], x["tax_treatment"]]
                        for x in clean
                    ],
                },
            },
        )
    return locked


def _issue_locked(*, invoice: Invoice, issue_date: datetime.date | None, actor) -> Invoice:
    """Number and freeze a locked draft. Caller holds the transaction and the row lock."""
    if invoice.status != Invoice.Status.DRAFT:
        raise InvoiceError(_("下書きの請求書だけを発行できます。"))
    lines = list(invoice.lines.all())
    if not lines:
        raise InvoiceError(_("明細が1行もありません。"))
    totals = compute_totals(
        {"quantity": x.quantity, "unit_price": x.unit_price, "tax_treatment": x.tax_treatment}
        for x in lines
    )
    issuer = IssuerProfile.current()
    if invoice.kind == Invoice.Kind.INVOICE and issuer.bank_account_missing:
        raise InvoiceError(str(BANK_ACCOUNT_MISSING))
    if totals.has_taxable and not issuer.is_qualified_issuer:
        raise InvoiceError(
            _(
                "適格請求書発行事業者の登録番号が未設定のため、課税明細を含む請求書は発行できません。"
            )
        )
    if invoice.kind == Invoice.Kind.INVOICE and totals.total <= 0:
        raise InvoiceError(_("請求金額が0円以下の請求書は発行できません。"))
    issue_date = issue_date or numbering.tokyo_date()
    series = numbering.CREDIT_NOTE_SERIES if invoice.is_credit_note else numbering.INVOICE_SERIES
    contact = billing_contact_for(invoice.organisation, invoice.billing_contact)
    invoice.number = numbering.next_number(series=series, on=issue_date)
    invoice.issue_date = issue_date
    invoice.due_date = (
        None
        if invoice.is_credit_note
        else due_date_for(
            issue_date=issue_date, terms=issuer.payment_terms, days=issuer.payment_days
        )
    )
    invoice.billing_contact = contact
    invoice.addressee = addressee_for(invoice.organisation, contact)
    invoice.postal_address = contact.invoice_postal_address.strip() if contact else ""
    invoice.paper_required = bool(contact and contact.paper_invoice_required)
    invoice.purchase_order_number = contact.purchase_order_number.strip() if contact else ""
    invoice.member_number = invoice.organisation.member_number or ""
    invoice.subtotal = totals.subtotal
    invoice.tax_total = totals.tax
    invoice.total = totals.total
    invoice.tax_summary = [r.as_dict() for r in totals.rates]
    invoice.is_qualified = issuer.is_qualified_issuer
    invoice.issuer = issuer.snapshot()
    invoice.status = Invoice.Status.ISSUED
    invoice.save()
    audit_log(
        actor=actor,
        action="credit_note.issue" if invoice.is_credit_note else "invoice.issue",
        target=invoice,
        from_state=Invoice.Status.DRAFT,
        to_state=Invoice.Status.ISSUED,
        data={"number": invoice.number, "total": invoice.total},
    )
    invoice_id = invoice.pk
    transaction.on_commit(lambda: _queue_finalise(invoice_id))
    return invoice


def _queue_finalise(invoice_id: int) -> None:
    # The tasks module calls these services; importing it at the top would be a cycle.
    from billing.tasks import invoice_finalise

    try:
        invoice_finalise.delay(invoice_id)
    except Exception:  # noqa: BLE001 - broker down: the admin can render and resend later
        logger.warning("Could not queue rendering of invoice %s", invoice_id, exc_info=True)


def invoice_issue(*, invoice: Invoice, actor, issue_date: datetime.date | None = None) -> Invoice:
    with transaction.atomic():
        locked = (
            Invoice.objects.select_for_update().select_related("organisation").get(pk=invoice.pk)
        )
        return _issue_locked(invoice=locked, issue_date=issue_date, actor=actor)


def invoice_issue_new(
    *,
    organisation,
    lines: list[dict],
    subject: str,
    issue_date: datetime.date | None = None,
    actor,
    replaces: Invoice | None = None,
    billing_contact=None,
    source_key: str = "",
    cover_letter: dict | None = None,
    renewal_fiscal_year: int | None = None,
    send_after: datetime.datetime | None = None,
) -> Invoice:
    """Create and issue an invoice in one transaction."""
    with transaction.atomic():
        draft = invoice_create_draft(
            organisation=organisation,
            lines=lines,
            subject=subject,
            actor=actor,
            replaces=replaces,
            billing_contact=billing_contact,
            source_key=source_key,
            cover_letter=cover_letter,
            renewal_fiscal_year=renewal_fiscal_year,
            send_after=send_after,
        )
        return invoice_issue(invoice=draft, actor=actor, issue_date=issue_date)


def subject_noted(subject: str, note: str) -> str:
    """「2025年度 入会費・年会費（取消）」; a subject that already ends in parentheses takes
    the note inside them: 「2025年度 入会費・年会費（上期入会・取消）」, not 「（…）（取消）」."""
    with translation.override("ja"):
        if subject.endswith("）") and "（" in subject:
            return _("%(subject)s・%(note)s）") % {"subject": subject[:-1], "note": note}
        return _("%(subject)s（%(note)s）") % {"subject": subject, "note": note}


def credit_note_subject(subject: str) -> str:
    with translation.override("ja"):
        return subject_noted(subject, _("取消"))


def corrected_subject(subject: str) -> str:
    """The subject of the invoice that replaces a cancelled one."""
    with translation.override("ja"):
        return subject_noted(subject, _("訂正"))


def invoice_cancel(
    *,
    invoice: Invoice,
    actor,
    reason: str,
    replacement_lines: list[dict] | None = None,
    replacement_subject: str | None = None,
    issue_date: datetime.date | None = None,
) -> tuple[Invoice, Invoice | None]:
    """Cancel an issued invoice by a credit note, and optionally issue its replacement."""
    reason = (reason or "").strip()
    if not reason:
        raise InvoiceError(_("取消理由を入力してください。"))
    with transaction.atomic():
        original = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if original.kind != Invoice.Kind.INVOICE or original.status != Invoice.Status.ISSUED:
            raise InvoiceError(_("取り消せるのは発行済み（未入金）の請求書だけです。"))
        if original.payments.aggregate(s=Sum("amount"))["s"]:
            raise InvoiceError(
                _("入金が記録されている請求書は取り消せません。先に入金を取り消してください。")
            )
        credit = Invoice.objects.create(
            kind=Invoice.Kind.CREDIT_NOTE,
            organisation=original.organisation,
            billing_contact=original.billing_contact,
            subject=credit_note_subject(original.subject),
            cancels=original,
            reason=reason,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for line in original.lines.all():
            InvoiceLine.objects.create(
                invoice=credit,
                position=line.position,
                description=line.description,
                quantity=line.quantity,
                unit_price=-line.unit_price,
                tax_treatment=line.tax_treatment,
            )
        credit = _issue_locked(invoice=credit, issue_date=issue_date, actor=actor)
        original.status = Invoice.Status.CANCELLED
        original.cancelled_at = timezone.now()
        original.save(update_fields=["status", "cancelled_at"])
        audit_log(
            actor=actor,
            action="invoice.cancel",
            target=original,
            from_state=Invoice.Status.ISSUED,
            to_state=Invoice.Status.CANCELLED,
            note=reason,
            data={"credit_note": credit.number},
        )
        replacement = None
        if replacement_lines:
            replacement = invoice_issue_new(
                organisation=original.organisation,
                lines=replacement_lines,
                subject=replacement_subject or original.subject,
                issue_date=issue_date,
                actor=actor,
                replaces=original,
                billing_contact=original.billing_contact,
                source_key=original.source_key,
                renewal_fiscal_year=original.renewal_fiscal_year,
            )
    return credit, replacement


def invoice_render_pdf(*, invoice_id: int) -> Invoice:
    """Render and store the PDF once. A second call returns the stored one untouched.

    The rendering (up to seconds) holds no lock and no transaction, so issuing other
    invoices, recording payments and the board's decisions never wait for it. A failure
    is written on the invoice for the secretariat and raised; the sweep tries again."""
    invoice = Invoice.objects.get(pk=invoice_id)
    if invoice.status == Invoice.Status.DRAFT:
        raise InvoiceError(_("下書きのPDFは保存しません。"))
    if invoice.pdf:
        return invoice
    try:
        content = pdf.invoice_pdf_bytes(invoice)
    except Exception as exc:
        _record_pdf_failure(invoice_id=invoice_id, error=exc)
        raise
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.pdf:  # another worker stored it meanwhile
            return invoice
        invoice.pdf.save(invoice.pdf_filename, ContentFile(content), save=False)
        invoice.pdf_sha256 = pdf.sha256(content)
        invoice.pdf_error = ""
        invoice.save(update_fields=["pdf", "pdf_sha256", "pdf_error"])
        audit_log(
            actor=None,
            action="invoice.pdf_stored",
            target=invoice,
            data={"sha256": invoice.pdf_sha256, "path": invoice.pdf.name},
        )
    return invoice


def _record_pdf_failure(*, invoice_id: int, error: Exception) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    logger.error("Could not render the PDF of invoice %s: %s", invoice_id, text)
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.pdf:
            return
        invoice.pdf_error = text
        invoice.save(update_fields=["pdf_error"])
        audit_log(actor=None, action="invoice.pdf_failed", target=invoice, note=text)


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def invoice_mail_context(invoice: Invoice, contact=None) -> dict:
    """An issued invoice as its e-mails see it: raw values (ISO dates, integers of yen);
    the templates write them out (`|jdate`, `|amount`, `|invoice_lines`). A credit note's
    names the invoice it cancels, why, and the invoice issued in its place, if any."""
    cancelled = invoice.cancels if invoice.cancels_id else None
    replacement = (
        cancelled.replacements.exclude(status=Invoice.Status.DRAFT).order_by("id").first()
        if cancelled
        else None
    )
    return {
        "addressee": contact.addressee if contact else invoice.addressee,
        "invoice_number": invoice.number,
        "subject": invoice.subject,
        "total": invoice.total,
        "issue_date": _iso(invoice.issue_date),
        "due_date": _iso(invoice.due_date),
        "cancelled_number": cancelled.number if cancelled else "",
        "cancelled_issue_date": _iso(cancelled.issue_date) if cancelled else "",
        "reason": invoice.reason if cancelled else "",
        "replacement_number": replacement.number if replacement else "",
        "replacement_issue_date": _iso(replacement.issue_date) if replacement else "",
        "member_number": invoice.member_number,
        "lines": [
            {"description": line.description, "amount": line.quantity * line.unit_price}
            for line in invoice.lines.all()
        ],
    }


def _attachment(invoice: Invoice) -> dict:
    return {
        "path": invoice.pdf.name,
        "filename": invoice.pdf_filename,
        "mimetype": "application/pdf",
    }


def _enqueue_invoice_email(
    *, invoice: Invoice, idempotency_key: str, first: bool = False
) -> OutboxMessage | None:
    """The e-mail with the stored PDF: the cover letter the invoice was issued with, on
    the first sending; otherwise the invoice (or credit note) e-mail to its addressee."""
    cover = invoice.cover_letter if first else None
    if cover:
        contact = billing_contact_for(invoice.organisation, invoice.billing_contact)
        return outbox_enqueue(
            to=cover["to"],
            cc=cover.get("cc") or [],
            template_key=cover["template_key"],
            purpose=cover.get("purpose") or cover["template_key"],
            language=cover.get("language") or "ja",
            context={**invoice_mail_context(invoice, contact), **cover.get("context", {})},
            target=invoice,
            attachments=[_attachment(invoice)],
            idempotency_key=idempotency_key,
        )
    contact = billing_contact_for(invoice.organisation, invoice.billing_contact)
    if contact is None or not contact.email:
        audit_log(actor=None, action="invoice.no_recipient", target=invoice)
        return None
    template_key = (
        "billing.credit_note_issued" if invoice.is_credit_note else "billing.invoice_issued"
    )
    return outbox_enqueue(
        to=contact.email,
        cc=contact.cc_emails or [],
        template_key=template_key,
        purpose=template_key,
        context=invoice_mail_context(invoice, contact),
        target=invoice,
        attachments=[_attachment(invoice)],
        idempotency_key=idempotency_key,
        not_before=invoice.send_after if first else None,
    )


def invoice_record_delivery(*, invoice_id: int, message_id: int) -> bool:
    """Deliver the message if still pending. When it goes out (now, or later by the outbox
    sweeper), `invoice_on_message_sent` notes on the invoice when and to whom it went."""
    outbox_deliver(message_id=message_id)
    message = OutboxMessage.objects.filter(pk=message_id).first()
    return message is not None and message.status == OutboxMessage.Status.SENT


def invoice_on_message_sent(*, message: OutboxMessage) -> None:
    """Inside the delivery's transaction (`aiga.signals.message_sent`): record the sending
    on the invoice the message is about."""
    invoice = Invoice.objects.select_for_update().filter(pk=message.object_id).first()
    if invoice is None or (invoice.sent_at and invoice.sent_at >= message.sent_at):
        return
    invoice.sent_at = message.sent_at
    invoice.sent_to = list(message.to) + list(message.cc)
    invoice.save(update_fields=["sent_at", "sent_to"])
    audit_log(
        actor=None,
        action="invoice.sent",
        target=invoice,
        data={"message": message.idempotency_key},
    )


def invoice_finalise(*, invoice_id: int) -> OutboxMessage | None:
    """After issue: store the PDF, then write the e-mail to the outbox (once) and deliver it."""
    invoice = invoice_render_pdf(invoice_id=invoice_id)
    with transaction.atomic():
        message = _enqueue_invoice_email(
            invoice=invoice, idempotency_key=f"invoice.issued:{invoice.pk}", first=True
        )
    if message is not None:
        invoice_record_delivery(invoice_id=invoice.pk, message_id=message.pk)
    return message


def invoice_sweep(*, older_than: datetime.timedelta = datetime.timedelta(minutes=2)) -> int:
    """Finish issued invoices whose PDF was never rendered (the broker or the worker was down
    when they were issued): render, store and send each, once. Run by Celery beat."""
    cutoff = timezone.now() - older_than
    pending = (
        Invoice.objects.exclude(status=Invoice.Status.DRAFT)
        .filter(pdf="", created_at__lte=cutoff)
        .values_list("pk", flat=True)
    )
    done = 0
    for invoice_id in list(pending):
        try:
            invoice_finalise(invoice_id=invoice_id)
            done += 1
        except Exception:  # noqa: BLE001 - one bad invoice must not stop the others
            logger.exception("Could not finish invoice %s; will try again", invoice_id)
    return done


def invoice_resend(*, invoice: Invoice, actor) -> OutboxMessage:
    """A new send request of the stored PDF (admin 再送)."""
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status == Invoice.Status.DRAFT:
            raise InvoiceError(_("下書きの請求書は送付できません。"))
        if not locked.pdf:
            raise InvoiceError(
                _("PDFがまだ作成されていません。しばらくしてから再度お試しください。")
            )
        message = _enqueue_invoice_email(
            invoice=locked, idempotency_key=f"invoice.issued:{locked.pk}:resend:{uuid.uuid4().hex}"
        )
        if message is None:
            raise InvoiceError(_("送付先の担当者（メールアドレス）が登録されていません。"))
        audit_log(actor=actor, action="invoice.resend", target=locked, note=message.idempotency_key)
        invoice_id, message_id = locked.pk, message.pk
        transaction.on_commit(lambda: _queue_record_delivery(invoice_id, message_id))
    return message


def _queue_record_delivery(invoice_id: int, message_id: int) -> None:
    # The tasks module calls these services; importing it at the top would be a cycle.
    from billing.tasks import invoice_record_delivery as task

    try:
        task.delay(invoice_id, message_id)
    except Exception:  # noqa: BLE001 - the outbox sweeper still sends the message
        logger.warning("Could not queue delivery record for invoice %s", invoice_id, exc_info=True)
