"""The demo's members with a log-in find their own invoices and documents in the portal: the
two companies a paid invoice and an open one, the expert (who pays no fees) a document and
no invoice; nobody sees another company's."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.models import Invoice
from members.models import OrganisationDocument, User

pytestmark = pytest.mark.django_db

PASSWORD = "aiga-demo-2026"  # README's demo password
BANK, STARTUP, EXPERT = (
    "member-bank@example.jp",
    "member-startup@example.jp",
    "member-expert@example.jp",
)


@pytest.fixture
def demo():
    """Seeded for each test: the PDFs are written to each test's own media folder."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _log_in(client, email):
    response = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    assert response["Location"] == "/portal/"


def _this_fiscal_year() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1  # October to September


def _rows(html: str) -> list[str]:
    body = html.split('id="invoices"', 1)[1].split("</tbody>", 1)[0]
    return [row for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S) if "<td" in row]


@pytest.mark.parametrize(
    ("email", "joining_total"),
    [(BANK, 600_000), (STARTUP, 100_000)],  # 入会費 + the annual fee for the half joined in
)
def test_a_demo_company_sees_a_paid_and_an_open_invoice_of_its_own(
    client, demo, email, joining_total
):
    _log_in(client, email)
    organisation = User.objects.get(email=email).contact.organisation
    html = client.get("/portal/billing/").content.decode()
    rows = _rows(html)
    assert len(rows) >= 2
    paid = [row for row in rows if "入金済" in row]
    open_ = [row for row in rows if "未入金" in row]
    assert paid and open_
    assert any("入会費・年会費" in row and f"{joining_total:,}" in row for row in paid)
    assert any(f"{_this_fiscal_year()}年度 年会費" in row for row in open_)
    # Every invoice listed is the company's own, and each of its PDFs opens.
    own = Invoice.objects.filter(organisation=organisation)
    assert {invoice.number for invoice in own} == {
        re.search(r"<td>([^<]+)</td>", row).group(1) for row in rows
    }
    others = Invoice.objects.exclude(organisation=organisation).exclude(number="")
    assert others.exists()
    for invoice in others:
        assert invoice.number not in html
        assert invoice.organisation.legal_name not in html
    for pk in re.findall(r"/portal/billing/(\d+)/pdf/", html):
        response = client.get(f"/portal/billing/{pk}/pdf/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    # And a document of its own, not another company's.
    links = re.findall(r"/portal/documents/(\d+)/", client.get("/portal/").content.decode())
    assert links
    assert {OrganisationDocument.objects.get(pk=pk).organisation for pk in links} == {organisation}


def test_a_demo_company_cannot_open_another_company_s_invoice(client, demo):
    _log_in(client, BANK)
    startup_invoice = Invoice.objects.filter(organisation__contacts__email=STARTUP).first()
    assert client.get(f"/portal/billing/{startup_invoice.pk}/pdf/").status_code == 404


def test_the_expert_has_documents_and_no_invoice(client, demo):
    _log_in(client, EXPERT)
    assert "請求書はありません" in client.get("/portal/billing/").content.decode()
    organisation = User.objects.get(email=EXPERT).contact.organisation
    assert not Invoice.objects.filter(organisation=organisation).exists()
    html = client.get("/portal/").content.decode()
    links = re.findall(r"/portal/documents/(\d+)/", html)
    assert links
    for pk in links:
        assert OrganisationDocument.objects.get(pk=pk).organisation == organisation
        response = client.get(f"/portal/documents/{pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_seeding_again_adds_nothing_and_the_bank_has_an_invoice_a_year(demo):
    counts = (Invoice.objects.count(), OrganisationDocument.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Invoice.objects.count(), OrganisationDocument.objects.count()) == counts
    # The bank joined on 2024-10-15 (2024年度, the first half: October to March): its joining
    # invoice, then each October's.
    bank = User.objects.get(email=BANK).contact.organisation
    subjects = sorted(Invoice.objects.filter(organisation=bank).values_list("subject", flat=True))
    later = [f"{year}年度 年会費" for year in range(2025, _this_fiscal_year() + 1)]
    assert subjects == sorted(["2024年度 入会費・年会費（上期入会）", *later])
    lines = Invoice.objects.get(organisation=bank, subject="2025年度 年会費").lines.get()
    assert lines.description == "年会費（正会員・通常枠、2025年10月1日～2026年9月30日）"


def test_a_paid_invoice_offers_its_receipt_an_open_one_none(client, demo):
    """Issues 28 and 31: a paid invoice offers its 領収書 in the portal (the payment notice
    points there); an open one does not; another company's is not found."""
    _log_in(client, BANK)
    html = client.get("/portal/billing/").content.decode()
    rows = _rows(html)
    paid = [row for row in rows if "入金済" in row]
    open_ = [row for row in rows if "未入金" in row]
    assert paid and all("/receipt/" in row for row in paid)
    assert not any("/receipt/" in row for row in open_)
    pk = re.search(r"/portal/billing/(\d+)/receipt/", paid[0]).group(1)
    response = client.post(f"/portal/billing/{pk}/receipt/")
    assert response.status_code == 302
    response = client.get(f"/portal/billing/{pk}/receipt/")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body.startswith(b"%PDF")
    unpaid = Invoice.objects.filter(
        organisation=User.objects.get(email=BANK).contact.organisation, status="issued"
    ).first()
    assert client.post(f"/portal/billing/{unpaid.pk}/receipt/").status_code == 302
    assert client.get(f"/portal/billing/{unpaid.pk}/receipt/").status_code == 404
    startup_paid = Invoice.objects.filter(
        organisation=User.objects.get(email=STARTUP).contact.organisation, status="paid"
    ).first()
    assert client.post(f"/portal/billing/{startup_paid.pk}/receipt/").status_code == 404
    assert client.get(f"/portal/billing/{startup_paid.pk}/receipt/").status_code == 404
