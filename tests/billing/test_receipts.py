"""Receipts (領収書): only for paid invoices, once each, numbered without gaps, the same
bytes at every download, and never another company's."""

import datetime
import subprocess

import pytest

from aiga.models import AuditEntry
from billing.models import DocumentSequence, Invoice, Receipt
from billing.services import invoices as invoicing
from billing.services import payments
from billing.services.receipts import ReceiptError, receipt_issue, receipt_purpose
from tests.billing.invoice_helpers import issue
from tests.factories import OrganisationFactory, member_user

pytestmark = pytest.mark.django_db
PAID_ON = datetime.date(2026, 5, 20)


def pay(invoice, amount=None, on=PAID_ON):
    return payments.payment_record(
        invoice=invoice,
        paid_on=on,
        amount=amount or invoice.total,
        payer_name="ミライAIラボ",
        method="bank_transfer",
        actor=None,
    )


@pytest.fixture
def paid(issuer, organisation):
    invoice = issue(organisation)
    invoicing.invoice_render_pdf(invoice_id=invoice.pk)
    pay(invoice, 200_000, on=datetime.date(2026, 5, 10))
    pay(invoice, 150_000)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    return invoice


@pytest.mark.parametrize(
    ("descriptions", "purpose"),
    [
        (["入会費（正会員・通常枠）", "年会費（正会員・通常枠、…）"], "入会費及び年会費として"),
        (["年会費（正会員・通常枠、…）"], "年会費として"),
        (["入会費（正会員・通常枠）"], "入会費として"),
        (["AIガバナンス研修会 参加費"], "会費等として"),
    ],
)
def test_the_purpose_follows_the_invoice_lines(descriptions, purpose):
    assert receipt_purpose(descriptions) == purpose


def test_a_paid_invoice_gets_one_receipt_with_its_payment_date(paid):
    receipt = receipt_issue(invoice=paid, actor=None, today=datetime.date(2026, 6, 1))
    assert receipt.number == "R-2025-00001"
    assert receipt.amount == 350_000
    assert receipt.received_on == PAID_ON  # the payment that completed it
    assert receipt.addressee == "みらいAIラボ株式会社 御中"
    assert receipt.purpose == "入会費及び年会費として"
    assert receipt.pdf and receipt.pdf_sha256
    again = receipt_issue(invoice=paid, actor=None, today=datetime.date(2026, 7, 1))
    assert again.pk == receipt.pk and again.number == receipt.number
    assert Receipt.objects.count() == 1
    assert AuditEntry.objects.filter(action="receipt.issue").count() == 1


def test_receipts_are_numbered_without_gaps_in_their_own_series(issuer, organisation, paid):
    first = receipt_issue(invoice=paid, actor=None, today=datetime.date(2026, 6, 1))
    unpaid = issue(organisation)
    with pytest.raises(ReceiptError):
        receipt_issue(invoice=unpaid, actor=None, today=datetime.date(2026, 6, 2))
    second = issue(organisation)
    pay(second)
    second_receipt = receipt_issue(invoice=second, actor=None, today=datetime.date(2026, 6, 3))
    assert [first.number, second_receipt.number] == ["R-2025-00001", "R-2025-00002"]
    # The invoices' series is untouched by receipts.
    assert DocumentSequence.objects.get(series="receipt", fiscal_year=2025).last_number == 2


def test_only_fully_paid_invoices_get_a_receipt(issuer, organisation):
    invoice = issue(organisation)
    pay(invoice, 100_000)
    with pytest.raises(ReceiptError):
        receipt_issue(invoice=invoice, actor=None)
    assert not Receipt.objects.exists()
    assert not DocumentSequence.objects.filter(series="receipt").exists()


def test_the_pdf_says_what_a_japanese_receipt_says(paid, tmp_path):
    receipt = receipt_issue(invoice=paid, actor=None, today=datetime.date(2026, 6, 1))
    path = tmp_path / "r.pdf"
    path.write_bytes(receipt.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    for words in (
        "領収書",
        "R-2025-00001",
        "みらいAIラボ株式会社御中",
        "¥350,000-",
        "入会費及び年会費として",
        "上記正に領収いたしました。",
        "2026年5月20日",
        "電子領収書につき印紙不要",
        "T1234567890123",
    ):
        assert words in flat, words


def test_the_member_issues_and_downloads_the_same_bytes(client, paid, organisation):
    user = member_user(organisation)
    client.force_login(user)
    html = client.get("/portal/billing/").content.decode()
    assert "領収書を発行" in html
    response = client.post(f"/portal/billing/{paid.pk}/receipt/")
    assert response.status_code == 302
    first = b"".join(client.get(response["Location"]).streaming_content)
    assert first.startswith(b"%PDF")
    # Asked again, the same receipt and the same bytes.
    client.post(f"/portal/billing/{paid.pk}/receipt/")
    second = b"".join(client.get(f"/portal/billing/{paid.pk}/receipt/").streaming_content)
    assert first == second
    assert Receipt.objects.count() == 1
    assert Receipt.objects.get().number in client.get("/portal/billing/").content.decode()


def test_an_unpaid_invoice_has_no_receipt_in_the_portal(client, issuer, organisation):
    invoice = issue(organisation)
    invoicing.invoice_render_pdf(invoice_id=invoice.pk)
    client.force_login(member_user(organisation))
    assert client.get(f"/portal/billing/{invoice.pk}/receipt/").status_code == 404
    response = client.post(f"/portal/billing/{invoice.pk}/receipt/", follow=True)
    assert "入金済みの請求書についてのみ" in response.content.decode()
    assert not Receipt.objects.exists()


def test_another_company_s_invoice_is_not_found(client, paid):
    client.force_login(member_user(OrganisationFactory()))
    assert client.post(f"/portal/billing/{paid.pk}/receipt/").status_code == 404
    assert client.get(f"/portal/billing/{paid.pk}/receipt/").status_code == 404
    assert not Receipt.objects.exists()
