"""Importing the bank's files and booking what the secretariat confirms: the duplicate
refused, a bad file leaving nothing behind, the certain lines booked all or none, the
transfer fee written off within the tolerance, and the payment notice sent."""

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aiga.models import AuditEntry, OutboxMessage
from billing.models import BankLine, BankStatement, Invoice, Payment
from billing.scale import Payable, bank_statement_bytes
from billing.services import bank, payments
from billing.services import invoices as invoicing
from tests.billing.invoice_helpers import issue
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "bank"
TODAY = datetime.date(2025, 10, 25)


def fixture(name):
    return (FIXTURES / name).read_bytes()


def one_line(amount):
    return [
        {
            "description": "年会費",
            "quantity": 1,
            "unit_price": amount,
            "tax_treatment": "non_taxable",
        }
    ]


@pytest.fixture
def members(issuer):
    """The companies the statement's payers are, each with an open invoice."""
    made = {}
    for key, name, kana, number, amount in [
        ("mirai", "みらいAIラボ株式会社", "ミライエーアイラボ", "AIGA-0005", 100_000),
        ("kotonoha", "合同会社ことのはデータ", "コトノハデータ", "AIGA-0006", 150_000),
        ("sample", "株式会社サンプル銀行", "サンプルギンコウ", "AIGA-0004", 600_000),
    ]:
        org = OrganisationFactory(legal_name=name, legal_name_kana=kana, member_number=number)
        ContactFactory(organisation=org, email=f"{key}@example.jp", is_billing_contact=True)
        made[key] = issue(org, lines=one_line(amount), on=datetime.date(2025, 10, 1))
    return made


def do_import(name="statement_crlf.txt", actor=None, data=None):
    return bank.bank_statement_import(
        filename=name, data=data or fixture(name), actor=actor, today=TODAY
    )


def test_import_proposes_an_invoice_for_each_credit(members, secretariat):
    statement = do_import(actor=secretariat)
    lines = {line.line_number: line for line in statement.lines.all()}
    assert sorted(lines) == [2, 3, 5, 6]
    assert (lines[2].invoice, lines[2].confidence) == (members["mirai"], "high")
    # 合同会社ことのはデータ paid 149,340 for 150,000: theirs, the fee deducted.
    assert (lines[3].invoice, lines[3].confidence) == (members["kotonoha"], "medium")
    assert (lines[5].invoice, lines[5].reason) == (members["sample"], "member_number")
    assert (lines[6].invoice, lines[6].confidence) == (None, "none")
    assert statement.credit_total == 904_340 and statement.debit_count == 1
    assert statement.file.storage.is_private
    assert statement.file.read() == fixture("statement_crlf.txt")
    assert Payment.objects.count() == 0  # nothing booked until confirmed
    assert AuditEntry.objects.filter(action="bank_statement.import").count() == 1


def test_the_same_file_is_refused_even_without_its_line_breaks(members):
    do_import()
    with pytest.raises(bank.BankImportError, match="取込済み"):
        do_import("statement_no_breaks.txt")
    with pytest.raises(bank.BankImportError, match="取込済み"):
        do_import()
    assert BankStatement.objects.count() == 1


@pytest.mark.parametrize(
    "name,message",
    [
        ("bad_record_length.txt", "3行目"),
        ("bad_record_type.txt", "4件目のレコード"),
        ("bad_amount.csv", "5行目"),
    ],
)
def test_a_bad_file_writes_nothing(members, name, message):
    with pytest.raises(bank.BankImportError, match=message):
        do_import(name)
    assert BankStatement.objects.count() == 0
    assert BankLine.objects.count() == 0
    assert AuditEntry.objects.filter(action="bank_statement.import").count() == 0


def test_confirming_a_line_books_the_payment_and_sends_the_notice(
    members, secretariat, django_capture_on_commit_callbacks
):
    statement = do_import()
    line = statement.lines.get(line_number=2)
    with django_capture_on_commit_callbacks(execute=True):
        payment = bank.bank_line_confirm(line=line, actor=secretariat)
    invoice = Invoice.objects.get(pk=members["mirai"].pk)
    assert invoice.status == Invoice.Status.PAID
    assert (payment.amount, payment.paid_on, payment.payer_name) == (
        100_000,
        datetime.date(2025, 10, 14),
        "ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ",
    )
    line.refresh_from_db()
    assert line.status == BankLine.Status.BOOKED and line.payment == payment
    notice = OutboxMessage.objects.get(template_key="billing.payment_received")
    assert notice.to == ["mirai@example.jp"]
    assert notice.context["paid_amount"] == 100_000
    with pytest.raises(bank.BankImportError, match="既に処理済み"):
        bank.bank_line_confirm(line=line, actor=secretariat)


def test_confirm_certain_books_only_the_certain_lines(members, secretariat):
    statement = do_import()
    assert bank.bank_lines_confirm_confident(statement=statement, actor=secretariat) == 2
    booked = statement.lines.filter(status=BankLine.Status.BOOKED)
    assert sorted(booked.values_list("line_number", flat=True)) == [2, 5]
    assert Invoice.objects.get(pk=members["kotonoha"].pk).status == Invoice.Status.ISSUED


def test_confirm_certain_is_all_or_none(members, secretariat):
    statement = do_import()
    invoicing.invoice_cancel(invoice=members["sample"], actor=secretariat, reason="宛名の誤り")
    with pytest.raises(bank.BankImportError, match="5行目"):
        bank.bank_lines_confirm_confident(statement=statement, actor=secretariat)
    assert Payment.objects.count() == 0
    assert not statement.lines.filter(status=BankLine.Status.BOOKED).exists()


def test_a_fee_deducted_payment_is_written_off_and_the_invoice_paid(
    members, secretariat, django_capture_on_commit_callbacks
):
    statement = do_import()
    line = statement.lines.get(line_number=3)  # 149,340 of 150,000
    with django_capture_on_commit_callbacks(execute=True):
        bank.bank_line_confirm(line=line, actor=secretariat, write_off_fee=True)
    invoice = Invoice.objects.get(pk=members["kotonoha"].pk)
    assert invoice.status == Invoice.Status.PAID and invoice.balance == 0
    fee = invoice.payments.get(method=Payment.Method.TRANSFER_FEE)
    assert fee.amount == 660
    assert AuditEntry.objects.filter(action="payment.write_off_fee").count() == 1
    notice = OutboxMessage.objects.get(template_key="billing.payment_received")
    assert (notice.context["paid_amount"], notice.context["fee_written_off"]) == (149_340, 660)


def test_choosing_another_invoice_for_an_unmatched_line(members, secretariat):
    statement = do_import()
    line = statement.lines.get(line_number=6)  # ﾔﾏﾀﾞ ﾀﾛｳ, 55,000: no proposal
    with pytest.raises(bank.BankImportError, match="請求書を選んでください"):
        bank.bank_line_confirm(line=line, actor=secretariat)
    bank.bank_line_confirm(line=line, actor=secretariat, invoice=members["sample"])
    assert Invoice.objects.get(pk=members["sample"].pk).balance == 545_000


@pytest.mark.parametrize(
    "paid,limit,allowed",
    [(99_120, 880, True), (99_119, 880, False), (99_500, 440, False), (99_560, 440, True)],
)
def test_write_off_tolerance(members, secretariat, settings, paid, limit, allowed):
    settings.BILLING_TRANSFER_FEE_TOLERANCE = limit
    invoice = members["mirai"]  # 100,000
    payments.payment_record(
        invoice=invoice,
        paid_on=TODAY,
        amount=paid,
        payer_name="ﾐﾗｲｴ-ｱｲﾗﾎﾞ",
        method="bank_transfer",
        actor=secretariat,
    )
    if allowed:
        payments.payment_write_off_transfer_fee(invoice=invoice, actor=secretariat)
        assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
    else:
        with pytest.raises(invoicing.InvoiceError, match=f"{limit:,}円以下"):
            payments.payment_write_off_transfer_fee(invoice=invoice, actor=secretariat)
        assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.ISSUED
        assert not Payment.objects.filter(method=Payment.Method.TRANSFER_FEE).exists()


def test_no_write_off_without_a_payment_or_on_a_paid_invoice(members, secretariat):
    with pytest.raises(invoicing.InvoiceError):
        payments.payment_write_off_transfer_fee(invoice=members["mirai"], actor=secretariat)
    with pytest.raises(invoicing.InvoiceError, match="入金方法"):
        payments.payment_record(
            invoice=members["mirai"],
            paid_on=TODAY,
            amount=880,
            payer_name="",
            method=Payment.Method.TRANSFER_FEE,
            actor=secretariat,
        )


# ------------------------------------------------------------------------- the screens


def test_import_screen_and_confirm_screen(
    client, members, secretariat, django_assert_max_num_queries
):
    client.force_login(secretariat)
    add = reverse("admin:billing_bankstatement_add")
    assert "銀行のファイル" in client.get(add).content.decode()
    with (FIXTURES / "netbank_wareki.csv").open("rb") as f:
        response = client.post(add, {"file": f})
    statement = BankStatement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:billing_bankstatement_change", args=[statement.pk]
    )
    with django_assert_max_num_queries(15):
        page = client.get(response["Location"]).content.decode()
    assert "ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ" in page and members["mirai"].number in page
    assert "確実" in page and "振込依頼人名（カナ）が一致" in page
    assert "name_prefix" not in page and ">high<" not in page

    certain = reverse("admin:billing_bankstatement_confirm_certain", args=[statement.pk])
    assert client.get(certain).status_code == 405
    client.post(certain)
    assert Invoice.objects.get(pk=members["mirai"].pk).status == Invoice.Status.PAID


def test_a_bad_file_on_the_import_screen_says_where(client, members, secretariat):
    client.force_login(secretariat)
    with (FIXTURES / "bad_record_type.txt").open("rb") as f:
        response = client.post(reverse("admin:billing_bankstatement_add"), {"file": f})
    assert response.status_code == 200
    assert "4件目のレコード: 不明なデータ区分「5」です。" in response.content.decode()
    assert BankStatement.objects.count() == 0


def test_a_binary_file_is_refused_by_the_upload_check(client, members, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretariat)
    fake = SimpleUploadedFile("statement.csv", b"PK\x03\x04" + b"\x00" * 100)
    response = client.post(reverse("admin:billing_bankstatement_add"), {"file": fake})
    assert "テキスト形式" in response.content.decode()
    assert BankStatement.objects.count() == 0


def test_confirming_one_line_on_the_screen_with_the_fee(client, members, secretariat):
    client.force_login(secretariat)
    statement = do_import()
    line = statement.lines.get(line_number=3)
    page = client.get(reverse("admin:billing_bankstatement_change", args=[statement.pk]))
    assert "不足の¥660を振込手数料として処理" in page.content.decode()
    url = reverse("admin:billing_bankstatement_confirm_line", args=[statement.pk, line.pk])
    client.post(url, {"invoice_number": members["kotonoha"].number, "write_off_fee": "1"})
    assert Invoice.objects.get(pk=members["kotonoha"].pk).status == Invoice.Status.PAID
    # A number that names no invoice is said so, and nothing is booked.
    other = statement.lines.get(line_number=6)
    url = reverse("admin:billing_bankstatement_confirm_line", args=[statement.pk, other.pk])
    response = client.post(url, {"invoice_number": "AIGA-2099-9999"}, follow=True)
    assert "AIGA-2099-9999" in response.content.decode()
    assert BankLine.objects.get(pk=other.pk).status == BankLine.Status.PROPOSED


def test_the_invoice_page_offers_the_write_off_within_the_tolerance_only(
    client, members, secretariat
):
    client.force_login(secretariat)
    invoice = members["mirai"]  # 100,000
    page = reverse("admin:billing_invoice_change", args=[invoice.pk])
    url = reverse("admin:billing_invoice_transfer_fee", args=[invoice.pk])
    payments.payment_record(invoice=invoice, paid_on=TODAY, amount=99_000, payer_name="ﾐﾗｲ",
                            method="bank_transfer", actor=secretariat)  # fmt: skip
    assert "振込手数料として処理する" not in client.get(page).content.decode()  # ¥1,000 short
    response = client.post(url, follow=True)
    assert "880円以下" in response.content.decode()
    payments.payment_record(invoice=invoice, paid_on=TODAY, amount=340, payer_name="ﾐﾗｲ",
                            method="bank_transfer", actor=secretariat)  # fmt: skip
    assert "不足の¥660を振込手数料として処理する" in client.get(page).content.decode()
    assert client.get(url).status_code == 405
    client.post(url)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert "振込手数料（差額の償却）" in client.get(page).content.decode()  # on its record


def test_a_payment_already_imported_from_another_file_is_not_proposed_again(members, secretariat):
    """The bank's CSV of the month holds the credits a Zengin file of the day already
    brought: those are marked, with no invoice, so they cannot be booked twice."""
    do_import()  # statement_crlf.txt: ﾐﾗｲｴ-ｱｲﾗﾎﾞ(ｶ 100,000 and AIGA-0004 ｻﾝﾌﾟﾙｷﾞﾝｺｳ 600,000
    second = do_import("netbank_wareki.csv")
    lines = {line.line_number: line for line in second.lines.all()}
    assert (lines[7].reason, lines[7].invoice, lines[7].confidence) == ("duplicate", None, "none")
    assert lines[7].duplicate_of.line_number == 2
    assert lines[9].reason == "duplicate" and lines[9].duplicate_of.line_number == 5
    assert lines[10].reason != "duplicate"  # a payment only this file holds
    assert bank.bank_lines_confirm_confident(statement=second, actor=secretariat) == 0


def _statement_of(lines: int, org, invoice) -> BankStatement:
    payable = Payable(invoice.number, org.member_number, org.legal_name_kana, invoice.total)
    data = bank_statement_bytes(payables=[payable], lines=lines, on=TODAY, seed=lines)
    return bank.bank_statement_import(filename=f"{lines}.txt", data=data, actor=None, today=TODAY)


def test_the_confirm_screen_costs_the_same_queries_for_3_lines_or_60(client, members, secretariat):
    client.force_login(secretariat)
    invoice = members["mirai"]
    small = _statement_of(3, invoice.organisation, invoice)
    large = _statement_of(60, invoice.organisation, invoice)
    counts = []
    for statement in (small, large):
        url = reverse("admin:billing_bankstatement_change", args=[statement.pk])
        client.get(url)  # the session and the content types, once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_confirm_screen_shows_the_unconfirmed_lines_only_when_asked(
    client, members, secretariat
):
    client.force_login(secretariat)
    statement = do_import()
    bank.bank_lines_confirm_confident(statement=statement, actor=secretariat)  # lines 2 and 5
    url = reverse("admin:billing_bankstatement_change", args=[statement.pk])
    everything = client.get(url).content.decode()
    assert 'id="line-2"' in everything and 'id="line-3"' in everything
    open_only = client.get(url + "?show=open").content.decode()
    assert 'id="line-2"' not in open_only and 'id="line-5"' not in open_only
    assert 'id="line-3"' in open_only and 'id="line-6"' in open_only
    line = statement.lines.get(line_number=6)
    skip = reverse("admin:billing_bankstatement_skip_line", args=[statement.pk, line.pk])
    assert client.post(skip, {"show": "open"})["Location"] == url + "?show=open"
