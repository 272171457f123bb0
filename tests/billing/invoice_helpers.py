"""Shared helpers and fixtures for the invoice tests (imported by each test module)."""

import datetime

import pytest

from billing.models import IssuerProfile
from billing.services import invoices as invoicing
from tests.factories import ContactFactory, OrganisationFactory, UserFactory

DUES_LINES = [
    {"description": "入会費", "quantity": 1, "unit_price": 100_000, "tax_treatment": "non_taxable"},
    {
        "description": "年会費（2026年4月1日～2026年9月30日）",
        "quantity": 1,
        "unit_price": 250_000,
        "tax_treatment": "non_taxable",
    },
]
EVENT_LINE = {
    "description": "AIガバナンス研修会 参加費",
    "quantity": 3,
    "unit_price": 3_333,
    "tax_treatment": "taxable_10",
}


@pytest.fixture
def issuer(db):
    profile = IssuerProfile.current()
    profile.registration_number = "T1234567890123"
    profile.person_in_charge = "事務局 鈴木"
    profile.save()
    return profile


@pytest.fixture
def organisation(db):
    org = OrganisationFactory(legal_name="みらいAIラボ株式会社", member_number="AIGA-0901")
    ContactFactory(
        organisation=org,
        family_name="佐藤",
        given_name="花子",
        department="経理部",
        email="keiri@mirai.example.jp",
        cc_emails=["cfo@mirai.example.jp"],
        is_billing_contact=True,
    )
    return org


@pytest.fixture
def secretariat(db):
    return UserFactory(groups=["Secretariat"])


def issue(organisation, *, lines=None, on=datetime.date(2026, 4, 15), actor=None, **kwargs):
    return invoicing.invoice_issue_new(
        organisation=organisation,
        lines=DUES_LINES if lines is None else lines,
        subject="2025年度 入会費・年会費",
        issue_date=on,
        actor=actor,
        **kwargs,
    )
