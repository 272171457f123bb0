"""Billing at scale (`manage.py seed_scale`): every corporate member's first invoice (入会費
and the first year's 年会費, by the fee rules) and a renewal for each later fiscal year;
most paid, some issued and not yet due, some overdue, a few cancelled by a credit note and
replaced.

Written with bulk_create; the numbers are the ones `billing.numbering` would have given —
gapless per series and fiscal year in order of issue date — and DocumentSequence is left
at the last one, so the app's next invoice takes the next number. `invoices_issue_bulk`
is public: admissions/scale.py issues the invoices of its approved applications with it.
Reads ctx.shared["organisations"], ["memberships"], ["billing_contacts"], ["staff"].
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

import jaconv
from django.utils import timezone

from billing import bankfiles, numbering
from billing.fees import annual_fee_for_year, calculate_fee
from billing.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start
from billing.invoice_calc import compute_totals, due_date_for
from billing.models import DocumentSequence, Invoice, InvoiceLine, IssuerProfile, Payment
from billing.selectors import fee_schedule
from billing.services.invoices import (
    addressee_for,
    annual_fee_line,
    credit_note_subject,
    fee_invoice_subject,
    lines_for_quote,
)

OVERDUE_SHARE = 0.12  # of this year's renewals past their due date, still unpaid
CANCELLED_SHARE = 0.03  # of invoices, cancelled by a credit note and replaced
CANCEL_REASONS = [
    "会員区分の誤り（資本金の確認による訂正）",
    "宛名の誤り（請求書送付先の部署名変更）",
    "請求先の変更（親会社での一括支払いのため）",
]


@dataclass
class InvoicePlan:
    """One invoice to issue: paid on `paid_on` (None: unpaid), or cancelled on `cancel_on`
    by a credit note and replaced by an invoice of the same lines (paid on `paid_on`)."""

    organisation: object
    contact: object
    lines: list[dict]
    subject: str
    issue_date: datetime.date
    member_number: str = ""
    paid_on: datetime.date | None = None
    cancel_on: datetime.date | None = None
    reason: str = ""
    source_key: str = ""
    renewal_fiscal_year: int | None = None  # the year a 年会費 renewal pays (constraint)
    documents: list[Invoice] = field(default_factory=list)  # filled in: the issued rows


def _aware(day: datetime.date, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _document(plan, issuer, snapshot, *, kind, lines, issue_date, subject, status) -> Invoice:
    totals = compute_totals(lines)
    credit = kind == Invoice.Kind.CREDIT_NOTE
    invoice = Invoice(
        kind=kind,
        status=status,
        organisation=plan.organisation,
        billing_contact=plan.contact,
        addressee=addressee_for(plan.organisation, plan.contact),
        member_number=plan.member_number,
        subject=subject,
        issue_date=issue_date,
        due_date=None
        if credit
        else due_date_for(
            issue_date=issue_date, terms=issuer.payment_terms, days=issuer.payment_days
        ),
        subtotal=totals.subtotal,
        tax_total=totals.tax,
        total=totals.total,
        tax_summary=[r.as_dict() for r in totals.rates],
        is_qualified=issuer.is_qualified_issuer,
        issuer=snapshot,
        reason=plan.reason if credit else "",
        source_key=plan.source_key,
        renewal_fiscal_year=None if credit else plan.renewal_fiscal_year,
    )
    invoice.scale_lines = lines
    return invoice


def _number(documents: list[Invoice]) -> None:
    """Give each document the number billing.numbering would have, in order of issue date,
    and leave each series' DocumentSequence at its last number."""
    counters: dict[tuple[str, int], int] = {}
    ordered = sorted(enumerate(documents), key=lambda pair: (pair[1].issue_date, pair[0]))
    for _index, doc in ordered:
        series = numbering.CREDIT_NOTE_SERIES if doc.is_credit_note else numbering.INVOICE_SERIES
        fy = fiscal_year(doc.issue_date)
        key = (series, fy)
        if key not in counters:
            sequence = DocumentSequence.objects.filter(series=series, fiscal_year=fy).first()
            counters[key] = sequence.last_number if sequence else 0
        counters[key] += 1
        doc.number = numbering.format_number(series=series, fy=fy, n=counters[key])
    for (series, fy), last in counters.items():
        DocumentSequence.objects.update_or_create(
            series=series, fiscal_year=fy, defaults={"last_number": last}
        )


def invoices_issue_bulk(ctx, plans: list[InvoicePlan]) -> list[InvoicePlan]:
    """Issue the planned invoices (with their payments, credit notes and replacements) in
    bulk, with the audit entries the services would write. Each plan's `documents` is then
    [invoice] or [cancelled invoice, credit note, replacement]."""
    issuer = IssuerProfile.current()
    snapshot = issuer.snapshot()
    originals, followers, everything = [], [], []
    for plan in plans:
        cancelled = plan.cancel_on is not None
        if cancelled:
            status = Invoice.Status.CANCELLED
        else:
            status = Invoice.Status.PAID if plan.paid_on else Invoice.Status.ISSUED
        original = _document(
            plan, issuer, snapshot, kind=Invoice.Kind.INVOICE, lines=plan.lines,
            issue_date=plan.issue_date, subject=plan.subject, status=status,
        )  # fmt: skip
        plan.documents = [original]
        originals.append(original)
        if cancelled:
            negative = [{**line, "unit_price": -line["unit_price"]} for line in plan.lines]
            credit = _document(
                plan, issuer, snapshot, kind=Invoice.Kind.CREDIT_NOTE, lines=negative,
                issue_date=plan.cancel_on, subject=credit_note_subject(plan.subject),
                status=Invoice.Status.ISSUED,
            )  # fmt: skip
            replacement = _document(
                plan, issuer, snapshot, kind=Invoice.Kind.INVOICE, lines=plan.lines,
                issue_date=plan.cancel_on, subject=plan.subject,
                status=Invoice.Status.PAID if plan.paid_on else Invoice.Status.ISSUED,
            )  # fmt: skip
            original.cancelled_at = _aware(plan.cancel_on, 10)
            plan.documents += [credit, replacement]
            followers += [credit, replacement]
        everything += plan.documents
    _number(everything)
    for plan in plans:
        payable = plan.documents[-1]
        if plan.paid_on:
            payable.paid_at = _aware(plan.paid_on, 15)
    Invoice.objects.bulk_create(originals)
    for plan in plans:
        if plan.cancel_on is not None:
            original, credit, replacement = plan.documents
            credit.cancels = original
            replacement.replaces = original
    Invoice.objects.bulk_create(followers)

    lines, payments = [], []
    for doc in everything:
        for position, line in enumerate(doc.scale_lines, start=1):
            lines.append(InvoiceLine(invoice=doc, position=position, **line))
        ctx.audit(
            action="credit_note.issue" if doc.is_credit_note else "invoice.issue",
            target=doc,
            from_state=Invoice.Status.DRAFT,
            to_state=Invoice.Status.ISSUED,
            data={"number": doc.number, "total": doc.total},
        )
    for plan in plans:
        if plan.cancel_on is not None:
            original, credit, _replacement = plan.documents
            ctx.audit(
                action="invoice.cancel", target=original, from_state="issued",
                to_state="cancelled", note=plan.reason, data={"credit_note": credit.number},
            )  # fmt: skip
        if plan.paid_on:
            payable = plan.documents[-1]
            payer = f"{plan.member_number} {plan.organisation.legal_name_kana}".strip()
            payments.append(
                Payment(invoice=payable, paid_on=plan.paid_on, amount=payable.total,
                        payer_name=payer[:200], created_by=ctx.shared.get("staff"))
            )  # fmt: skip
    InvoiceLine.objects.bulk_create(lines)
    Payment.objects.bulk_create(payments)
    for payment in payments:
        ctx.audit(
            action="payment.record",
            target=payment.invoice,
            data={"payment": payment.pk, "amount": payment.amount,
                  "paid_on": payment.paid_on.isoformat()},
        )  # fmt: skip
        ctx.audit(
            action="invoice.paid", target=payment.invoice, from_state="issued",
            to_state="paid", data={"paid": payment.amount, "total": payment.invoice.total,
                                   "excess": 0},
        )  # fmt: skip
    return plans


def first_invoice_plan(ctx, *, organisation, contact, admission_date, schedule) -> InvoicePlan:
    """The 入会費 and first 年会費 of a new member, as the approval would issue them."""
    quote = calculate_fee(
        category="corporate",
        capital=organisation.share_capital,
        parent_ratio=organisation.parent_ratio if organisation.has_parent else None,
        admission_date=admission_date,
        schedule=schedule,
    )
    return InvoicePlan(
        organisation=organisation,
        contact=contact,
        lines=lines_for_quote(quote),
        subject=fee_invoice_subject(quote.fiscal_year, half=quote.half),
        issue_date=admission_date + datetime.timedelta(days=ctx.random.randint(1, 6)),
    )


def _renewal_lines(tier: str, fy: int, schedule) -> list[dict]:
    amount = annual_fee_for_year(tier=tier, fiscal_year=fy, schedule=schedule)
    return [
        annual_fee_line(
            tier=tier, start=fiscal_year_start(fy), end=fiscal_year_end(fy), amount=amount
        )
    ]


def seed(ctx) -> None:
    rng, today = ctx.random, ctx.today
    schedule = fee_schedule()
    memberships = ctx.shared["memberships"]
    contacts = ctx.shared["billing_contacts"]
    plans = []
    for org in ctx.shared["organisations"]:
        if not org.is_corporate:
            continue  # experts pay no fees
        membership = memberships[org.pk]
        contact = contacts.get(org.pk)
        first = first_invoice_plan(
            ctx, organisation=org, contact=contact, admission_date=membership.admission_date,
            schedule=schedule,
        )  # fmt: skip
        # Paid the day the membership was issued (the member number came with it).
        first.paid_on = min(timezone.localtime(membership.issued_at).date(), today)
        first.paid_on = max(first.paid_on, first.issue_date)
        first.source_key = f"scale:first:{org.pk}"
        plans.append(first)
        last_year = fiscal_year(membership.end_date or today)
        for fy in range(fiscal_year(membership.admission_date) + 1, last_year + 1):
            issue = fiscal_year_start(fy)
            plan = InvoicePlan(
                organisation=org,
                contact=contact,
                lines=_renewal_lines(membership.category, fy, schedule),
                subject=fee_invoice_subject(fy, with_admission_fee=False),
                issue_date=issue,
                member_number=org.member_number,
                source_key=f"scale:renewal:{fy}:{org.pk}",
                renewal_fiscal_year=fy,
            )
            overdue = fy == fiscal_year(today) and rng.random() < OVERDUE_SHARE
            if not overdue:
                paid = issue + datetime.timedelta(days=rng.randint(5, 60))
                plan.paid_on = paid if paid < today else None  # else: due, not paid yet
            plans.append(plan)
    for plan in plans:
        if rng.random() < CANCELLED_SHARE:
            cancel = plan.issue_date + datetime.timedelta(days=rng.randint(3, 20))
            if cancel < today and (plan.paid_on is None or cancel <= plan.paid_on):
                plan.cancel_on = cancel
                plan.reason = rng.choice(CANCEL_REASONS)
    invoices_issue_bulk(ctx, plans)
    cancelled = sum(1 for p in plans if p.cancel_on)
    unpaid = sum(1 for p in plans if not p.paid_on)
    ctx.write(f"billing: {len(plans)} invoices planned ({unpaid} unpaid, {cancelled} cancelled)")


# ----------------------------------------------------------------- a bank statement


@dataclass(frozen=True)
class Payable:
    """An invoice as a payer sees it: what to write before the name, and how much."""

    number: str
    member_number: str
    kana: str
    amount: int


# How payers' banks print a company's name: (before the name, after it). Kana already
# half-width; a number written first where the payer followed the invoice's request.
_FORMS = [("ｶ)", ""), ("", "(ｶ"), ("ﾄﾞ)", ""), ("ｼﾔ)", ""), ("", ""), ("ｶﾌﾞｼｷｶﾞｲｼﾔ ", "")]


def bank_statement_bytes(
    *, payables: list[Payable], lines: int, on: datetime.date, seed: int = 31
) -> bytes:
    """A 入出金取引明細 (billing.bankfiles.STATEMENT_LAYOUT) of `lines` credits, in CP932
    with CRLF, as members pay: most by name with a legal form, some with their member or
    invoice number first, some short by a transfer fee, some strangers. For `make bench`."""
    rng = random.Random(seed)
    layout = bankfiles.STATEMENT_LAYOUT
    day = f"{on.year - 2018:02d}{on:%m%d}"  # 令和 YY
    records = [
        bankfiles.format_record(
            layout["1"],
            {
                "record_type": "1",
                "kind": "03",
                "code_set": "0",
                "created_on": day,
                "period_from": day,
                "period_to": day,
                "bank_code": "0005",
                "bank_name": "ﾍﾞﾝﾁ",
                "branch_code": "001",
                "branch_name": "ﾎﾝﾃﾝ",
                "account_type": "1",
                "account_number": "1234567",
                "account_name": "ｴ-ｱｲｶﾞﾊﾞﾅﾝｽ",
                "opening_balance": 0,
            },
        )  # fmt: skip
    ]
    total = 0
    for n in range(lines):
        payable = payables[n % len(payables)] if payables else None
        kind = rng.random()
        if payable is None or kind < 0.08:
            name, amount = f"ﾀﾅｶ ﾀﾛｳ{n}", rng.randrange(1, 500) * 1000  # a stranger
        else:
            kana = jaconv.z2h(payable.kana.replace(" ", ""), kana=True, digit=True, ascii=True)
            before, after = rng.choice(_FORMS)
            name = f"{before}{kana}{after}"
            if kind < 0.25 and payable.member_number:
                name = f"{payable.member_number} {name}"
            elif kind < 0.35:
                name = f"{payable.number} {name}"
            amount = payable.amount - (rng.choice((440, 660, 880)) if kind > 0.85 else 0)
        amount = max(amount, 1)
        total += amount
        records.append(
            bankfiles.format_record(
                layout["2"],
                {
                    "record_type": "2",
                    "reference": n + 1,
                    "booked_on": day,
                    "value_on": day,
                    "direction": "1",
                    "transaction_kind": "11",
                    "amount": amount,
                    "other_bank_cheques": 0,
                    "payer_name": name[:48],
                },
            )  # fmt: skip
        )
    records.append(
        bankfiles.format_record(
            layout["8"],
            {
                "record_type": "8",
                "credit_count": lines,
                "credit_total": total,
                "debit_count": 0,
                "debit_total": 0,
                "closing_balance": total,
                "record_count": lines,
            },
        )  # fmt: skip
    )
    records.append(bankfiles.format_record(layout["9"], {"record_type": "9"}))
    return ("\r\n".join(records) + "\r\n").encode("cp932")
