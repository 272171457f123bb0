"""The accountant's export: each event of a period as balanced journal lines in 弥生会計's
import format, whose totals reconcile with the invoices and payments they come from."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from billing import journal
from billing.fiscal import fiscal_year
from billing.services import invoices as invoicing
from billing.services import payments
from tests.billing.invoice_helpers import DUES_LINES, EVENT_LINE, issue
from tests.factories import ContactFactory, OrganisationFactory

A = journal.DEFAULT_ACCOUNTS


def doc(number, on, lines, *, tax=0, credit=False, cancelled_on=None):
    rows = tuple(journal.DocumentLine(d, amount, taxable) for d, amount, taxable in lines)
    return journal.Document(
        number=number,
        is_credit_note=credit,
        issue_date=on,
        counterparty="みらいAIラボ株式会社",
        subject="2025年度 入会費・年会費",
        lines=rows,
        tax=tax,
        total=sum(r.amount for r in rows) + tax,
        cancelled_on=cancelled_on,
    )


def entries(lines):
    return [(x.date, x.debit_account, x.credit_account, x.amount) for x in lines]


D = datetime.date


def test_an_invoice_its_credit_note_and_payments():
    invoice = doc(
        "AIGA-2025-0001",
        D(2025, 11, 1),
        [
            ("入会費（正会員・通常枠）", 100_000, False),
            ("年会費（正会員・通常枠、2025年10月1日～2026年9月30日）", 500_000, False),
        ],
    )
    credit = doc(
        "AIGA-CN-2025-0001",
        D(2025, 11, 5),
        [
            ("入会費（正会員・通常枠）", -100_000, False),
            ("年会費（正会員・通常枠、2025年10月1日～2026年9月30日）", -500_000, False),
        ],
        credit=True,
    )
    paid = [
        journal.PaymentRow(D(2025, 11, 20), 599_340, False, "AIGA-2025-0001", "みらい"),
        journal.PaymentRow(D(2025, 11, 21), 660, True, "AIGA-2025-0001", "みらい"),
        journal.PaymentRow(D(2025, 11, 22), -599_340, False, "AIGA-2025-0001", "みらい"),
    ]
    lines = journal.journal(
        documents=[invoice, credit],
        payments=paid,
        start=D(2025, 10, 1),
        end=D(2026, 9, 30),
        accounts={},
        fiscal_year=fiscal_year,
    )
    assert entries(lines) == [
        (D(2025, 11, 1), "未収会費", "受取入会金", 100_000),
        (D(2025, 11, 1), "未収会費", "受取会費", 500_000),
        (D(2025, 11, 5), "受取入会金", "未収会費", 100_000),
        (D(2025, 11, 5), "受取会費", "未収会費", 500_000),
        (D(2025, 11, 20), "普通預金", "未収会費", 599_340),
        (D(2025, 11, 21), "支払手数料", "未収会費", 660),
        (D(2025, 11, 22), "未収会費", "普通預金", 599_340),
    ]


def test_a_fee_for_the_next_fiscal_year_is_received_in_advance_then_transferred():
    # The fiscal year starts on 1 October: a September invoice for October on is 前受.
    invoice = doc(
        "AIGA-2025-0100",
        D(2026, 9, 1),
        [("年会費（正会員・通常枠、2026年10月1日～2027年9月30日）", 500_000, False)],
    )
    september = journal.journal(
        documents=[invoice], payments=[], start=D(2026, 9, 1), end=D(2026, 9, 30),
        accounts={}, fiscal_year=fiscal_year,
    )  # fmt: skip
    october = journal.journal(
        documents=[invoice], payments=[], start=D(2026, 10, 1), end=D(2026, 10, 31),
        accounts={}, fiscal_year=fiscal_year,
    )  # fmt: skip
    assert entries(september) == [(D(2026, 9, 1), "未収会費", "前受会費", 500_000)]
    assert entries(october) == [(D(2026, 10, 1), "前受会費", "受取会費", 500_000)]
    cancelled = doc(
        "AIGA-2025-0100",
        D(2026, 9, 1),
        [("年会費（正会員・通常枠、2026年10月1日～2027年9月30日）", 500_000, False)],
        cancelled_on=D(2026, 9, 10),
    )
    assert journal.advance_transfers(cancelled, accounts=A, fiscal_year=fiscal_year) == []


def test_taxable_lines_carry_their_tax_and_tax_class():
    invoice = doc("AIGA-2025-0002", D(2025, 12, 1), [("研修会 参加費", 9_999, True)], tax=999)
    [line] = journal.document_lines(invoice, accounts=A, fiscal_year=fiscal_year)
    assert (line.credit_account, line.amount, line.credit_tax) == (
        "事業収益",
        10_998,
        "課税売上込10%",
    )


def test_yayoi_row_has_its_25_columns():
    line = journal.JournalLine(D(2025, 11, 1), "未収会費", "受取入会金", 100_000, "x", "摘要", "N")
    row = journal.yayoi_row(line)
    assert len(row) == len(journal.YAYOI_COLUMNS) == 25
    assert row[0] == "2000" and row[3] == "2025/11/01"
    assert (row[4], row[8], row[10], row[14]) == ("未収会費", 100_000, "受取入会金", 100_000)


# ------------------------------------------------------------- reconciled with the database


@pytest.fixture
def period(issuer, organisation, secretariat):
    """A fiscal year's documents: a paid invoice, one paid short with the fee written off, a
    cancelled one with its replacement, one with consumption tax, one reversed payment."""
    other = OrganisationFactory(
        legal_name='=HYPERLINK("http://x.example")𠮷田商事', member_number="AIGA-0902"
    )
    ContactFactory(organisation=other, email="o@example.jp", is_billing_contact=True)
    on = D(2026, 4, 15)
    first = issue(organisation, on=on)

    def pay(invoice, on, amount):
        return payments.payment_record(
            invoice=invoice, paid_on=on, amount=amount, payer_name="ﾐﾗｲ",
            method="bank_transfer", actor=secretariat,
        )  # fmt: skip

    pay(first, D(2026, 5, 1), first.total)
    second = issue(other, on=on)
    pay(second, D(2026, 5, 2), second.total - 440)
    payments.payment_write_off_transfer_fee(invoice=second, actor=secretariat, on=D(2026, 5, 2))
    third = issue(organisation, on=on)
    invoicing.invoice_cancel(invoice=third, actor=secretariat, reason="宛名の誤り",
                             replacement_lines=DUES_LINES, issue_date=D(2026, 4, 20))  # fmt: skip
    fourth = issue(organisation, lines=[EVENT_LINE], on=D(2026, 6, 1))
    wrong = pay(fourth, D(2026, 6, 5), fourth.total)
    payments.payment_reverse(
        payment=wrong, reason="別会社の入金", actor=secretariat, on=D(2026, 6, 6)
    )
    return D(2025, 10, 1), D(2026, 9, 30)


def export(client, start, end, **extra):
    data = {"start": start.isoformat(), "end": end.isoformat(), "file_format": "csv"}
    for key, value in journal.DEFAULT_ACCOUNTS.items():
        data[f"account_{key}"] = value
    data.update(extra)
    return client.post(reverse("admin:billing_invoice_journal"), data)


def test_the_csv_reconciles_with_the_invoices_and_payments(client, secretariat, period):
    from billing.models import Invoice, Payment

    client.force_login(secretariat)
    response = export(client, *period)
    assert response.status_code == 200
    assert "Shift_JIS" in response["Content-Type"]
    rows = list(csv.reader(io.StringIO(response.content.decode("cp932"))))
    assert all(len(row) == 25 for row in rows)
    debits = sum(int(r[8]) for r in rows)
    credits = sum(int(r[14]) for r in rows)
    assert debits == credits

    def net(account):
        return sum(int(r[8]) for r in rows if r[4] == account) - sum(
            int(r[14]) for r in rows if r[10] == account
        )

    documents = Invoice.objects.exclude(status="draft")
    issued_total = sum(d.total for d in documents)  # credit notes are negative
    received = sum(p.amount for p in Payment.objects.exclude(method="transfer_fee"))
    fees = sum(p.amount for p in Payment.objects.filter(method="transfer_fee"))
    assert issued_total == 3 * 350_000 + 10_998  # two paid, the replacement open, the event
    assert net("未収会費") == issued_total - received - fees
    assert net("普通預金") == received
    assert net("支払手数料") == fees == 440
    revenue = -(net("受取入会金") + net("受取会費") + net("事業収益"))
    assert revenue == issued_total
    assert net("受取入会金") == -3 * 100_000
    # The name the CP932 file cannot hold is marked, never an error.
    assert any("〓" in r[16] for r in rows)


def test_account_names_are_the_secretariats(client, secretariat, period):
    client.force_login(secretariat)
    response = export(client, *period, account_bank="普通預金（みずほ）")
    rows = list(csv.reader(io.StringIO(response.content.decode("cp932"))))
    assert "普通預金（みずほ）" in {r[4] for r in rows}
    assert "普通預金" not in {r[4] for r in rows}


def test_the_excel_sheet_neutralises_formulas_and_totals(client, secretariat, period):
    client.force_login(secretariat)
    response = export(client, *period, file_format="xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("日付", "借方勘定科目", "借方金額")
    counterparties = {r[7] for r in rows[1:-1]}
    assert any(str(c).startswith("'=HYPERLINK") for c in counterparties)
    assert rows[-1][2] == rows[-1][5] == sum(r[2] for r in rows[1:-1])


def test_a_reversed_period_is_refused(client, secretariat, issuer):
    client.force_login(secretariat)
    response = export(client, D(2026, 9, 30), D(2025, 10, 1))
    assert response.status_code == 200
    assert "期間の終わりが始まりより前です" in response.content.decode()
    assert client.get(reverse("admin:billing_invoice_journal")).status_code == 200
