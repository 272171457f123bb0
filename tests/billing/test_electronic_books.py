"""電子帳簿保存法 (電子取引): the invoices and receipts the association e-mails are found in the
admin by date, by amount and by counterparty."""

import datetime

import pytest

from billing.services import payments
from billing.services.receipts import receipt_issue
from members.roles import SECRETARIAT
from tests.billing.invoice_helpers import EVENT_LINE, issue
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(issuer):
    found = {}
    for name, lines, on in (
        ("検索テスト株式会社", None, datetime.date(2026, 4, 15)),  # 350,000 yen
        ("別件データ合同会社", [EVENT_LINE], datetime.date(2026, 6, 1)),  # 9,999 + tax 999 (down)
    ):
        organisation = OrganisationFactory(legal_name=name)
        ContactFactory(organisation=organisation, is_billing_contact=True)
        invoice = issue(organisation, lines=lines, on=on)
        payments.payment_record(
            invoice=invoice,
            paid_on=on + datetime.timedelta(days=10),
            amount=invoice.total,
            payer_name="ケンサク",
            method="bank_transfer",
            actor=None,
        )
        invoice.refresh_from_db()
        found[name] = (invoice, receipt_issue(invoice=invoice, actor=None, today=on))
    return found


def _listed(client, url, query) -> str:
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "finds", "not_found"),
    [
        ({"q": "350,000"}, "検索テスト株式会社", "別件データ合同会社"),
        ({"q": "¥10,998"}, "別件データ合同会社", "検索テスト株式会社"),
        ({"q": "検索テスト"}, "検索テスト株式会社", "別件データ合同会社"),
    ],
)
def test_invoices_and_receipts_by_amount_and_counterparty(client, books, query, finds, not_found):
    for url in ("/admin/billing/invoice/", "/admin/billing/receipt/"):
        page = _listed(client, url, query)
        assert finds in page, url
        assert not_found not in page, url


def test_invoices_and_receipts_by_date(client, books):
    invoices = _listed(
        client, "/admin/billing/invoice/", {"issue_date__year": 2026, "issue_date__month": 4}
    )
    assert "検索テスト株式会社" in invoices and "別件データ合同会社" not in invoices
    receipts = _listed(
        client, "/admin/billing/receipt/", {"issued_on__year": 2026, "issued_on__month": 6}
    )
    assert "別件データ合同会社" in receipts and "検索テスト株式会社" not in receipts
