"""Demo invoices: both tiers and halves, one paid, one overdue, one cancelled and replaced;
and the members with a demo log-in (members/demo.py) see their own in the portal.

Idempotent: each demo invoice carries a source_key; an existing one is left as it is.
All companies and people are fictional.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from billing import fees, fiscal, renewals, selectors
from billing.fiscal import Half
from billing.models import FeeSchedule, Invoice, IssuerProfile, ReminderPause
from billing.services import invoices as invoicing
from billing.services import payments, reminders
from members.models import Contact, Membership, Organisation

ORGANISATIONS = [
    # corporate number, legal name, kana, member number, billing contact
    (
        "9000000000011",
        "株式会社サンプル銀行",
        "サンプルギンコウ",
        "AIGA-0004",
        ("経理部", "高橋", "一郎", "seikyu@sample-bank.example.jp"),
    ),
    (
        "9000000000012",
        "みらいAIラボ株式会社",
        "ミライエーアイラボ",
        "AIGA-0005",
        ("管理部", "佐藤", "花子", "keiri@mirai-ai.example.jp"),
    ),
    ("9000000000013", "合同会社ことのはデータ", "コトノハデータ", "AIGA-0006", None),
]


def _org(corporate_number, legal_name, kana, member_number, contact):
    org, _created = Organisation.objects.get_or_create(
        corporate_number=corporate_number,
        defaults={
            "legal_name": legal_name,
            "legal_name_kana": kana,
            "member_number": member_number,
            "prefecture": "東京都",
            "address": "千代田区丸の内9-9-9（架空）",
            "share_capital": 300_000_000 if "銀行" in legal_name else 30_000_000,
        },
    )
    # Their membership rows, matching the invoices issued below.
    category, admitted = {
        "AIGA-0004": ("regular", datetime.date(2025, 10, 15)),
        "AIGA-0005": ("smb", datetime.date(2026, 4, 15)),
        "AIGA-0006": ("smb", datetime.date(2025, 11, 12)),
    }[member_number]
    Membership.objects.get_or_create(
        organisation=org,
        admission_date=admitted,
        defaults={"category": category, "issued_at": timezone.now()},
    )
    if contact and not org.contacts.filter(is_billing_contact=True).exists():
        department, family, given, email = contact
        Contact.objects.create(
            organisation=org,
            department=department,
            family_name=family,
            given_name=given,
            email=email,
            is_billing_contact=True,
            # みらいAIラボ's one contact also holds the 会員代表者 role (the suspension's
            # notice goes to it).
            is_member_representative=member_number == "AIGA-0005"
            and not org.contacts.filter(is_member_representative=True, is_active=True).exists(),
        )
    return org


def _lines(tier: str, admission: int, annual: int, start: datetime.date) -> list[dict]:
    """Lines as the fee rules write them: the tier on each, the period to the year's end."""
    end = fiscal.fiscal_year_end(fiscal.fiscal_year(start))
    lines = [invoicing.annual_fee_line(tier=tier, start=start, end=end, amount=annual)]
    if admission:
        lines.insert(0, invoicing.admission_fee_line(tier=tier, amount=admission))
    return lines


def _issue(key, org, subject, lines, on, renewal_fiscal_year=None):
    existing = Invoice.objects.filter(source_key=key).first()
    if existing:
        return existing, False
    invoice = invoicing.invoice_issue_new(
        organisation=org,
        lines=lines,
        subject=subject,
        issue_date=on,
        actor=None,
        source_key=key,
        renewal_fiscal_year=renewal_fiscal_year,
    )
    return invoice, True


# A bank account that cannot be mistaken for a real one; invoices refuse the placeholder.
DEMO_BANK_ACCOUNT = {
    "bank_name": "デモ銀行（架空）",
    "bank_code": "9999",
    "branch_name": "デモ支店（架空）",
    "branch_code": "999",
    "account_type": IssuerProfile.AccountType.ORDINARY,
    "account_number": "1234567",
    "account_holder_kana": "シヤ）エーアイガバナンスキヨウカイ（デモ）",
}


def _demo_issuer() -> IssuerProfile:
    """The issuer with the demo's fictional bank account, unless one is already set."""
    issuer = IssuerProfile.current()
    if issuer.bank_account_missing:
        for field, value in DEMO_BANK_ACCOUNT.items():
            setattr(issuer, field, value)
        issuer.save()
    return issuer


# The companies whose contacts log in to the demo (members/demo.py), by corporate number.
# The expert (有識者会員) pays no fees: documents only, no invoice.
MEMBERS_WITH_LOG_INS = ("2010001000005", "4010401000008")


def _member_invoices(org, today: datetime.date) -> None:
    """A member's invoices as the secretariat would have issued them: the joining invoice
    (入会費 and the annual fee from the half it joined in) and each later year's annual fee
    in October, all paid, except this fiscal year's, still open."""
    membership = org.memberships.order_by("admission_date").first()
    admitted = membership.admission_date
    quote = selectors.quote_for(
        category=fees.CORPORATE,
        capital=org.share_capital,
        admission_date=admitted,
        manual_tier=membership.category,
        today=admitted,
    )
    for year in range(quote.fiscal_year, fiscal.fiscal_year(today) + 1):
        if year == quote.fiscal_year:
            lines = invoicing.lines_for_quote(quote)
            subject = invoicing.fee_invoice_subject(year, half=quote.half)
            issue_date = admitted + datetime.timedelta(days=5)
        else:
            start, end = fiscal.fiscal_year_start(year), fiscal.fiscal_year_end(year)
            annual = fees.annual_fee_for_year(
                tier=membership.category, fiscal_year=year, schedule=selectors.fee_schedule()
            )
            lines = [
                invoicing.annual_fee_line(
                    tier=membership.category, start=start, end=end, amount=annual
                )
            ]
            subject = invoicing.fee_invoice_subject(year, with_admission_fee=False)
            issue_date = start
        invoice, created = _issue(
            f"demo:{org.member_number}-{year}",
            org,
            subject,
            lines,
            issue_date,
            renewal_fiscal_year=None if year == quote.fiscal_year else year,
        )
        if created and year < fiscal.fiscal_year(today):
            payments.payment_record(
                invoice=invoice,
                paid_on=issue_date + datetime.timedelta(days=25),
                amount=invoice.total,
                payer_name=f"{org.member_number} {org.legal_name_kana}",
                method="bank_transfer",
                actor=None,
            )


def seed(stdout) -> list[str]:
    stdout.write(f"billing: {FeeSchedule.objects.count()} fee schedule rows (seeded by migration)")
    _demo_issuer()
    bank, mirai, kotonoha = (_org(*row) for row in ORGANISATIONS)
    first, second = datetime.date(2025, 10, 1), datetime.date(2026, 4, 1)
    subject = invoicing.fee_invoice_subject
    # Regular tier, first half, paid.
    paid, created = _issue(
        "demo:bank-2025",
        bank,
        subject(2025, half=Half.FIRST),
        _lines(fees.REGULAR, 100_000, 500_000, first),
        datetime.date(2025, 10, 20),
    )
    if created:
        payments.payment_record(
            invoice=paid,
            paid_on=datetime.date(2025, 11, 25),
            amount=600_000,
            payer_name="AIGA-0004 サンプルギンコウ",
            method="bank_transfer",
            actor=None,
        )
    # SMB tier, second half: overdue (due end of May 2026, unpaid).
    _issue(
        "demo:mirai-2025",
        mirai,
        subject(2025, half=Half.SECOND),
        _lines(fees.SMB, 50_000, 50_000, second),
        datetime.date(2026, 4, 15),
    )
    # SMB tier, first half issued as regular by mistake: cancelled with credit note + replacement.
    wrong, created = _issue(
        "demo:kotonoha-2025",
        kotonoha,
        subject(2025, half=Half.FIRST),
        _lines(fees.REGULAR, 100_000, 500_000, first),
        datetime.date(2025, 11, 10),
    )
    if created:
        invoicing.invoice_cancel(
            invoice=wrong,
            actor=None,
            reason="会員区分の誤り（SMB・スタートアップ枠に訂正）",
            replacement_lines=_lines(fees.SMB, 50_000, 100_000, first),
            replacement_subject=invoicing.corrected_subject(subject(2025, half=Half.FIRST)),
            issue_date=datetime.date(2025, 11, 12),
        )
    for org in Organisation.objects.filter(corporate_number__in=MEMBERS_WITH_LOG_INS):
        _member_invoices(org, timezone.localdate())
    # Render every PDF now (seed runs without a worker); sending is left to the outbox.
    for invoice in Invoice.objects.filter(source_key__startswith="demo:").exclude(status="draft"):
        invoicing.invoice_render_pdf(invoice_id=invoice.pk)
    for credit in Invoice.objects.filter(cancels__source_key__startswith="demo:"):
        invoicing.invoice_render_pdf(invoice_id=credit.pk)
    stdout.write(f"Invoices: {Invoice.objects.filter(source_key__startswith='demo:').count()} demo")
    _reminders(mirai, kotonoha)
    return []


def _reminders(mirai, kotonoha) -> None:
    """The overdue SMB invoice of みらいAIラボ through every reminder step to the call
    list, and its membership suspended; ことのはデータ in discussion (no reminders). The
    FY2026 renewal itself is left for the secretariat to preview and run."""
    overdue = Invoice.objects.get(source_key="demo:mirai-2025")
    schedule = reminders.reminder_schedule()
    for step in renewals.STEPS:
        day = overdue.due_date + datetime.timedelta(days=schedule.threshold(step))
        reminders.reminder_take(invoice_id=overdue.pk, step=step, today=day)
    if not ReminderPause.objects.filter(organisation=kotonoha).exists():
        reminders.reminder_pause_set(
            organisation=kotonoha,
            reason="【デモ】請求先（親会社での一括支払い）の変更について協議中",
            actor=None,
        )
    if reminders.can_suspend(overdue) and not overdue.suspensions.exists():
        reminders.invoice_suspend_membership(
            invoice=overdue,
            reason="【デモ】年会費の長期未納（電話でのご連絡にもご回答がないため）",
            actor=None,
        )
