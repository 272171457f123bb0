"""Bank files in: import a statement with a proposal for each credit, then book the lines
the secretariat confirms through `payment_record` (and, when asked, the transfer fee the
payer deducted through `payment_write_off_transfer_fee`)."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from billing import bankfiles, matching
from billing.models import BankLine, BankStatement, Invoice, Payment
from billing.services.invoices import InvoiceError
from billing.services.payments import payment_record, payment_write_off_transfer_fee
from members.models import Organisation


class BankImportError(Exception):
    """A file that cannot be imported, or a line that cannot be booked: the message says why."""


def content_sha256(data: bytes) -> str:
    """The file's content without its line breaks: the same statement saved with other line
    ends (or none, as Zengin allows) is the same file."""
    return hashlib.sha256(data.replace(b"\r", b"").replace(b"\n", b"")).hexdigest()


def open_invoices() -> list[matching.OpenInvoice]:
    rows = (
        Invoice.objects.invoices()
        .filter(status=Invoice.Status.ISSUED)
        .with_paid_amount()
        .values_list("id", "number", "organisation_id", "total", "paid_amount_sum", "issue_date")
    )
    return [
        matching.OpenInvoice(
            id=pk,
            number=number,
            organisation_id=organisation_id,
            balance=int(total) - int(paid or 0),
            issue_date=issue_date,
        )
        for pk, number, organisation_id, total, paid, issue_date in rows
        if int(total) - int(paid or 0) > 0
    ]


def payers() -> list[matching.Payer]:
    rows = Organisation.objects.values_list("id", "legal_name_kana", "member_number")
    return [
        matching.Payer(id=pk, kana=kana or "", member_number=num or "") for pk, kana, num in rows
    ]


def earlier_lines(credits: list[bankfiles.BankCredit]) -> dict[int, int]:
    """{line number: id of an earlier file's line} for each credit another file already
    holds (the same day, amount and payer): a daily file and the month's CSV overlap, and
    a payment must not be proposed twice. Each earlier line answers for one credit."""
    if not credits:
        return {}
    earlier = BankLine.objects.filter(
        value_date__in={c.value_date for c in credits}, amount__in={c.amount for c in credits}
    ).values_list("id", "value_date", "amount", "payer_name")
    pool: dict[tuple, list[int]] = {}
    for pk, value_date, amount, payer_name in earlier.order_by("id"):
        pool.setdefault((value_date, amount, matching.payer_key(payer_name)), []).append(pk)
    found = {}
    for credit in credits:
        ids = pool.get((credit.value_date, credit.amount, matching.payer_key(credit.payer_name)))
        if ids:
            found[credit.line_number] = ids.pop(0)
    return found


def bank_statement_import(
    *, filename: str, data: bytes, actor, today: datetime.date
) -> BankStatement:
    """Read the file, refuse it if it was imported before, and store it with a proposal for
    each credit. Nothing is written when the file does not read."""
    digest = content_sha256(data)
    earlier = BankStatement.objects.filter(sha256=digest).first()
    if earlier is not None:
        raise BankImportError(_duplicate_message(earlier))
    try:
        parsed = bankfiles.parse_bank_file(data, today=today)
    except bankfiles.BankFileError as exc:
        raise BankImportError(str(exc)) from exc
    if not parsed.credits:
        raise BankImportError(_("このファイルには入金の明細がありません。"))
    duplicates = earlier_lines(parsed.credits)
    proposals = matching.match_credits(
        credits=[
            matching.Credit(key=c.line_number, amount=c.amount, payer_name=c.payer_name)
            for c in parsed.credits
            if c.line_number not in duplicates
        ],
        invoices=open_invoices(),
        payers=payers(),
        fee_tolerance=settings.BILLING_TRANSFER_FEE_TOLERANCE,
    )
    by_line = {proposal.key: proposal for proposal in proposals}
    for line_number in duplicates:
        by_line[line_number] = matching.Proposal(
            key=line_number,
            invoice_id=None,
            organisation_id=None,
            confidence=matching.NONE,
            reason=BankLine.Reason.DUPLICATE,
        )
    try:
        with transaction.atomic():
            statement = BankStatement(
                filename=(filename or "")[:255],
                sha256=digest,
                format=parsed.format,
                bank_name=parsed.bank_name[:100],
                branch_name=parsed.branch_name[:100],
                account_number=parsed.account_number[:20],
                period_from=parsed.period_from,
                period_to=parsed.period_to,
                credit_count=len(parsed.credits),
                credit_total=parsed.credit_total,
                debit_count=parsed.debit_count,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            extension = "csv" if parsed.format == bankfiles.NET_BANKING_CSV else "txt"
            statement.file.save(f"{digest[:16]}.{extension}", ContentFile(data), save=False)
            statement.save()
            BankLine.objects.bulk_create(
                [
                    BankLine(
                        statement=statement,
                        line_number=credit.line_number,
                        value_date=credit.value_date,
                        amount=credit.amount,
                        payer_name=credit.payer_name[:200],
                        payer_bank=credit.payer_bank[:100],
                        description=credit.description[:200],
                        reference=credit.reference[:20],
                        invoice_id=by_line[credit.line_number].invoice_id,
                        confidence=by_line[credit.line_number].confidence,
                        reason=by_line[credit.line_number].reason,
                        duplicate_of_id=duplicates.get(credit.line_number),
                    )
                    for credit in parsed.credits
                ]
            )
            audit_log(
                actor=actor,
                action="bank_statement.import",
                target=statement,
                data={
                    "filename": statement.filename,
                    "credits": statement.credit_count,
                    "total": statement.credit_total,
                },
            )
    except IntegrityError as exc:  # the same file, imported a moment ago by someone else
        earlier = BankStatement.objects.filter(sha256=digest).first()
        if earlier is None:
            raise
        raise BankImportError(_duplicate_message(earlier)) from exc
    return statement


def _duplicate_message(earlier: BankStatement) -> str:
    when = timezone.localtime(earlier.created_at)
    return _(
        "このファイルは%(when)sに取込済みです（%(name)s）。同じ明細を二重に記録しないよう、"
        "取り込みませんでした。"
    ) % {"when": f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}", "name": earlier.filename}


def bank_line_confirm(
    *, line: BankLine, actor, invoice: Invoice | None = None, write_off_fee: bool = False
) -> Payment:
    """Book one line: a bank transfer payment on the proposed invoice (or the one the
    secretariat chose instead), and, if asked, the transfer fee the payer deducted."""
    with transaction.atomic():
        locked = BankLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
        if locked.status != BankLine.Status.PROPOSED:
            raise BankImportError(_("%(n)s行目は既に処理済みです。") % {"n": locked.line_number})
        target = invoice or locked.invoice
        if target is None:
            raise BankImportError(
                _("%(n)s行目: 入金を記録する請求書を選んでください。") % {"n": locked.line_number}
            )
        note = _("%(file)s %(n)s行目から取込") % {
            "file": locked.statement.filename,
            "n": locked.line_number,
        }
        try:
            payment = payment_record(
                invoice=target,
                paid_on=locked.value_date,
                amount=int(locked.amount),
                payer_name=locked.payer_name,
                method=Payment.Method.BANK_TRANSFER,
                note=note,
                actor=actor,
            )
            if write_off_fee:
                payment_write_off_transfer_fee(invoice=target, actor=actor, on=locked.value_date)
        except InvoiceError as exc:
            raise BankImportError(
                _("%(n)s行目: %(error)s") % {"n": locked.line_number, "error": exc}
            ) from exc
        locked.invoice = target
        locked.payment = payment
        locked.status = BankLine.Status.BOOKED
        locked.decided_at = timezone.now()
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["invoice", "payment", "status", "decided_at", "decided_by"])
        audit_log(
            actor=actor,
            action="bank_line.confirm",
            target=locked.statement,
            data={
                "line": locked.line_number,
                "invoice": target.number,
                "amount": int(locked.amount),
                "write_off_fee": write_off_fee,
            },
        )
    return payment


def bank_lines_confirm_confident(*, statement: BankStatement, actor) -> int:
    """Book every line still unconfirmed whose proposal is certain (payer and amount agree
    exactly), all or none: a line that cannot be booked stops them all, naming it."""
    with transaction.atomic():
        lines = list(
            statement.lines.filter(
                status=BankLine.Status.PROPOSED,
                confidence=BankLine.Confidence.HIGH,
                invoice__isnull=False,
            ).order_by("line_number")
        )
        for line in lines:
            bank_line_confirm(line=line, actor=actor)
    return len(lines)


def bank_line_skip(*, line: BankLine, actor) -> BankLine:
    """A credit that pays no invoice (a refund, a deposit of another kind): set aside."""
    with transaction.atomic():
        locked = BankLine.objects.select_for_update().get(pk=line.pk)
        if locked.status != BankLine.Status.PROPOSED:
            raise BankImportError(_("%(n)s行目は既に処理済みです。") % {"n": locked.line_number})
        locked.status = BankLine.Status.SKIPPED
        locked.decided_at = timezone.now()
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit_log(
            actor=actor,
            action="bank_line.skip",
            target=locked.statement,
            data={"line": locked.line_number, "amount": int(locked.amount)},
        )
    return locked
