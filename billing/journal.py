"""The accountant's journal: a period's invoices, credit notes, payments and written-off
transfer fees as double-entry lines, in 弥生会計's import format. Pure: rows in, lines out.

Why 弥生会計: its 「仕訳日記帳」 import format (弥生インポート形式) is a fixed list of 25
columns without a header row, in Shift_JIS, documented by the vendor and stable for many
versions; it is the format Japanese tax accountants' offices most often receive, and the
cloud packages (freee, マネーフォワード クラウド会計) read 弥生 files when moving over.

Each entry is one line of the form 識別フラグ 2000 (a slip of one line): debit and credit
are always equal. Accounts (公益法人会計基準 style, editable on the export page):
- issue of an invoice: 未収会費 / 受取入会金 (入会費), 受取会費 (年会費 of the current fiscal
  year), 前受会費 (年会費 for a period starting in a later fiscal year), 事業収益 (lines with
  consumption tax, tax included);
- a credit note: the same, reversed, on its own date;
- at the start of a period invoiced in advance: 前受会費 / 受取会費 (unless cancelled by then);
- a payment: 普通預金 / 未収会費 (a reversal: the other way round);
- a transfer fee written off: 支払手数料 / 未収会費.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_ACCOUNTS = {
    "receivable": "未収会費",
    "admission_fee": "受取入会金",
    "annual_fee": "受取会費",
    "advance": "前受会費",
    "other_revenue": "事業収益",
    "bank": "普通預金",
    "transfer_fee": "支払手数料",
}

# 弥生会計's tax classes (税区分) for the lines this journal writes.
TAX_NONE = "対象外"
TAX_SALES_10 = "課税売上込10%"
TAX_PURCHASE_10 = "課対仕入込10%"

YAYOI_COLUMNS = (
    "識別フラグ",
    "伝票No",
    "決算",
    "取引日付",
    "借方勘定科目",
    "借方補助科目",
    "借方部門",
    "借方税区分",
    "借方金額",
    "借方税金額",
    "貸方勘定科目",
    "貸方補助科目",
    "貸方部門",
    "貸方税区分",
    "貸方金額",
    "貸方税金額",
    "摘要",
    "番号",
    "期日",
    "タイプ",
    "生成元",
    "仕訳メモ",
    "付箋1",
    "付箋2",
    "調整",
)
MEMO_LENGTH = 64  # 弥生's 摘要 holds 64 characters


@dataclass(frozen=True)
class DocumentLine:
    description: str
    amount: int  # quantity × unit price, yen (negative on a credit note)
    taxable: bool


@dataclass(frozen=True)
class Document:
    """An issued invoice or credit note as the journal needs it."""

    number: str
    is_credit_note: bool
    issue_date: datetime.date
    counterparty: str
    subject: str
    lines: tuple[DocumentLine, ...]
    tax: int  # the consumption tax of the document, rounded once (negative on a credit note)
    total: int
    cancelled_on: datetime.date | None = None  # an invoice's credit note's date


@dataclass(frozen=True)
class PaymentRow:
    paid_on: datetime.date
    amount: int  # negative for a reversal
    is_transfer_fee: bool
    invoice_number: str
    counterparty: str
    payer_name: str = ""


@dataclass(frozen=True)
class JournalLine:
    date: datetime.date
    debit_account: str
    credit_account: str
    amount: int
    counterparty: str
    memo: str
    number: str
    debit_tax: str = TAX_NONE
    credit_tax: str = TAX_NONE


_PERIOD_START = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日～")


def period_start(description: str) -> datetime.date | None:
    """The first day of the period an annual-fee line is for: 「年会費（…、2026年4月1日～…）」."""
    match = _PERIOD_START.search(description or "")
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _revenue_account(
    line: DocumentLine,
    on: datetime.date,
    accounts: dict[str, str],
    fiscal_year: Callable[[datetime.date], int],
) -> str:
    if line.taxable:
        return accounts["other_revenue"]
    if "入会費" in line.description or "入会金" in line.description:
        return accounts["admission_fee"]
    start = period_start(line.description)
    if start is not None and fiscal_year(start) > fiscal_year(on):
        return accounts["advance"]
    return accounts["annual_fee"]


def _memo(*parts: str) -> str:
    return " ".join(p for p in parts if p)[:MEMO_LENGTH]


def document_lines(
    document: Document,
    *,
    accounts: dict[str, str],
    fiscal_year: Callable[[datetime.date], int],
) -> list[JournalLine]:
    """An invoice: 未収会費 on the debit, each revenue account on the credit (a credit note
    the other way round), one line per account, their sum the document's total."""
    groups: dict[tuple[str, bool], int] = {}
    for line in document.lines:
        key = (_revenue_account(line, document.issue_date, accounts, fiscal_year), line.taxable)
        groups[key] = groups.get(key, 0) + line.amount
    if document.tax:
        taxable = [key for key in groups if key[1]]
        key = taxable[0] if taxable else (accounts["other_revenue"], True)
        groups[key] = groups.get(key, 0) + document.tax
    out = []
    for (account, taxable), amount in groups.items():
        if not amount:
            continue
        tax_class = TAX_SALES_10 if taxable else TAX_NONE
        memo = _memo(document.subject, document.number, document.counterparty)
        if amount > 0:
            out.append(
                JournalLine(
                    date=document.issue_date,
                    debit_account=accounts["receivable"],
                    credit_account=account,
                    amount=amount,
                    counterparty=document.counterparty,
                    memo=memo,
                    number=document.number,
                    credit_tax=tax_class,
                )
            )
        else:
            out.append(
                JournalLine(
                    date=document.issue_date,
                    debit_account=account,
                    credit_account=accounts["receivable"],
                    amount=-amount,
                    counterparty=document.counterparty,
                    memo=memo,
                    number=document.number,
                    debit_tax=tax_class,
                )
            )
    return out


def advance_transfers(
    document: Document,
    *,
    accounts: dict[str, str],
    fiscal_year: Callable[[datetime.date], int],
) -> list[tuple[datetime.date, JournalLine]]:
    """前受会費 / 受取会費 on the first day of each period an invoice billed in advance, unless
    a credit note cancelled the invoice before that day."""
    if document.is_credit_note:
        return []
    out = []
    for line in document.lines:
        if (
            _revenue_account(line, document.issue_date, accounts, fiscal_year)
            != accounts["advance"]
        ):
            continue
        start = period_start(line.description)
        if document.cancelled_on is not None and document.cancelled_on < start:
            continue
        out.append(
            (
                start,
                JournalLine(
                    date=start,
                    debit_account=accounts["advance"],
                    credit_account=accounts["annual_fee"],
                    amount=line.amount,
                    counterparty=document.counterparty,
                    memo=_memo("前受会費の振替", document.number, document.counterparty),
                    number=document.number,
                ),
            )
        )
    return out


def payment_line(payment: PaymentRow, *, accounts: dict[str, str]) -> JournalLine:
    if payment.is_transfer_fee:
        debit, credit, memo = accounts["transfer_fee"], accounts["receivable"], "振込手数料"
        debit_tax = TAX_PURCHASE_10
    else:
        debit, credit, memo = accounts["bank"], accounts["receivable"], "入金"
        debit_tax = TAX_NONE
    credit_tax = TAX_NONE
    amount = payment.amount
    if amount < 0:  # a reversal
        debit, credit, amount = credit, debit, -amount
        debit_tax, credit_tax = credit_tax, debit_tax
        memo += "の取消"
    return JournalLine(
        date=payment.paid_on,
        debit_account=debit,
        credit_account=credit,
        amount=amount,
        counterparty=payment.counterparty,
        memo=_memo(memo, payment.invoice_number, payment.counterparty),
        number=payment.invoice_number,
        debit_tax=debit_tax,
        credit_tax=credit_tax,
    )


def journal(
    *,
    documents: list[Document],
    payments: list[PaymentRow],
    start: datetime.date,
    end: datetime.date,
    accounts: dict[str, str],
    fiscal_year: Callable[[datetime.date], int],
) -> list[JournalLine]:
    """Every line of the period [start, end], in date order. `documents` are those issued
    in the period and those whose advance may fall due in it; `payments` those in it."""
    accounts = {**DEFAULT_ACCOUNTS, **{k: v for k, v in accounts.items() if v}}
    lines: list[JournalLine] = []
    for document in documents:
        if start <= document.issue_date <= end:
            lines.extend(document_lines(document, accounts=accounts, fiscal_year=fiscal_year))
        for on, line in advance_transfers(document, accounts=accounts, fiscal_year=fiscal_year):
            if start <= on <= end:
                lines.append(line)
    for payment in payments:
        if start <= payment.paid_on <= end:
            lines.append(payment_line(payment, accounts=accounts))
    lines.sort(key=lambda line: (line.date, line.number))
    return lines


def yayoi_row(line: JournalLine) -> list:
    """One line in 弥生会計's import format (the 25 columns of YAYOI_COLUMNS)."""
    return [
        "2000",
        "",
        "",
        f"{line.date:%Y/%m/%d}",
        line.debit_account,
        "",
        "",
        line.debit_tax,
        line.amount,
        "",
        line.credit_account,
        "",
        "",
        line.credit_tax,
        line.amount,
        "",
        line.memo,
        "",
        "",
        "0",
        "",
        "",
        "0",
        "0",
        "no",
    ]
