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


@pytest.fixture
def clock(monkeypatch):
    """Sets Tokyo's today: `clock(datetime.date(2025, 10, 1))` makes timezone.now() 10:00
    JST that day, for everything that asks (the quote form's "today", the estimate's date,
    its number's fiscal year)."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    def set_today(day: datetime.date) -> datetime.date:
        moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Tokyo"))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return day

    return set_today
