"""No invoice or estimate asks to pay into the seeded placeholder account (〇〇銀行…
0000000): issuing is refused, with one message, until the secretariat sets the account;
the admin's index warns until then and the public page offers no estimate."""

import datetime

import pytest

from aiga.models import AuditEntry
from billing.models import Estimate, Invoice, IssuerProfile
from billing.selectors import estimate_quotes
from billing.services import estimates
from billing.services import invoices as invoicing
from tests.billing.invoice_helpers import DUES_LINES, issue
from tests.conftest import TEST_BANK_ACCOUNT, bank_account_clear
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "お振込先口座が未設定です。請求書発行者情報を設定してください。"


@pytest.fixture
def secretariat_client(client, secretariat):
    client.force_login(secretariat)
    return client


def test_a_fresh_install_has_the_placeholder_account():
    # What migration 0003 seeds, before any test fixture sets an account.
    from importlib import import_module

    seed = import_module("billing.migrations.0003_seed")
    profile = IssuerProfile(
        bank_name="〇〇銀行" + seed.PLACEHOLDER,
        bank_code="0000",
        branch_name="〇〇支店" + seed.PLACEHOLDER,
        branch_code="000",
        account_number="0000000",
        account_holder_kana="シヤ）エーアイガバナンスキヨウカイ" + seed.PLACEHOLDER,
    )
    assert profile.bank_account_missing


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, False),
        ({"bank_name": ""}, True),
        ({"branch_code": "  "}, True),
        ({"account_holder_kana": ""}, True),
        ({"account_number": "0000000"}, True),
        ({"account_number": "000"}, True),
        ({"bank_name": "〇〇銀行"}, True),
        ({"branch_name": "本店（事務局で設定してください）"}, True),
        ({"account_number": "0000100"}, False),
    ],
)
def test_which_accounts_count_as_unset(changes, missing):
    profile = IssuerProfile(**{**TEST_BANK_ACCOUNT, **changes})
    assert profile.bank_account_missing is missing


def test_issuing_an_invoice_with_the_placeholder_is_refused(organisation):
    bank_account_clear()
    with pytest.raises(invoicing.InvoiceError) as refused:
        issue(organisation)
    assert str(refused.value) == MESSAGE
    # The draft and its number went with the refused transaction.
    assert not Invoice.objects.exists()
    assert not AuditEntry.objects.filter(action="invoice.issue").exists()


def test_a_draft_stays_a_draft_when_the_account_is_incomplete(organisation):
    draft = invoicing.invoice_create_draft(
        organisation=organisation, lines=DUES_LINES, subject="2025年度 年会費", actor=None
    )
    bank_account_clear(**TEST_BANK_ACCOUNT | {"account_number": ""})
    with pytest.raises(invoicing.InvoiceError, match=MESSAGE):
        invoicing.invoice_issue(invoice=draft, actor=None)
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT and draft.number is None


def test_once_the_account_is_set_the_invoice_is_issued(organisation):
    bank_account_clear()
    with pytest.raises(invoicing.InvoiceError):
        issue(organisation)
    bank_account_clear(**TEST_BANK_ACCOUNT)
    invoice = issue(organisation)
    assert invoice.status == Invoice.Status.ISSUED
    assert invoice.issuer["account_number"] == "7654321"


def test_the_admin_says_why_it_cannot_issue(secretariat_client, organisation):
    draft = invoicing.invoice_create_draft(
        organisation=organisation, lines=DUES_LINES, subject="2025年度 年会費", actor=None
    )
    bank_account_clear()
    response = secretariat_client.post(f"/admin/billing/invoice/{draft.pk}/issue/", follow=True)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT


def test_an_estimate_with_the_placeholder_is_refused():
    bank_account_clear()
    quotes = estimate_quotes(
        category="corporate",
        capital=300_000_000,
        parent_ratio=None,
        admission_date=datetime.date(2026, 12, 17),
    )
    with pytest.raises(invoicing.InvoiceError, match=MESSAGE):
        estimates.estimate_create(quotes=quotes, addressee="みらいAIラボ株式会社", actor=None)
    assert not Estimate.objects.exists()


def test_the_admin_estimate_form_shows_the_refusal(secretariat_client):
    bank_account_clear()
    response = secretariat_client.post(
        "/admin/billing/estimate/add/",
        {
            "addressee": "みらいAIラボ株式会社",
            "category": "corporate",
            "capital": "300000000",
            "admission_date": "2026-12-17",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Estimate.objects.exists()


def test_the_public_estimate_says_it_cannot_be_made(client):
    bank_account_clear()
    response = client.get(
        "/billing/estimate.pdf",
        {"category": "corporate", "capital": "300000000", "company": "みらいAIラボ株式会社"},
    )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "御見積書を作成できません" in response.content.decode()
    assert not Estimate.objects.exists()


def test_the_membership_page_offers_an_estimate_only_with_an_account(client):
    asked = {"category": "corporate", "capital": "300000000"}
    offered = client.get("/membership/", asked).content.decode()
    assert 'id="estimate-form"' in offered and 'id="estimate-unavailable"' not in offered
    bank_account_clear()
    page = client.get("/membership/", asked).content.decode()
    assert 'id="estimate-form"' not in page
    assert 'id="estimate-unavailable"' in page


def test_the_admin_index_warns_until_the_account_is_set(secretariat_client):
    bank_account_clear()
    page = secretariat_client.get("/admin/").content.decode()
    assert MESSAGE in page
    assert "/admin/billing/issuerprofile/" in page
    bank_account_clear(**TEST_BANK_ACCOUNT)
    assert MESSAGE not in secretariat_client.get("/admin/").content.decode()


def test_a_superuser_sees_the_warning_too(client):
    bank_account_clear()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert MESSAGE in client.get("/admin/").content.decode()


def test_the_demo_sets_a_fictional_account_and_keeps_a_real_one():
    from billing.demo import _demo_issuer

    bank_account_clear()
    issuer = _demo_issuer()
    assert not issuer.bank_account_missing
    assert "架空" in issuer.bank_name and "架空" in issuer.branch_name
    bank_account_clear(**TEST_BANK_ACCOUNT)
    assert _demo_issuer().bank_name == "テスト銀行"  # a set account is the secretariat's
