"""Fixtures of the billing tests."""

import pytest

from tests.factories import ContactFactory, OrganisationFactory, UserFactory


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
