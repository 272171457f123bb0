"""In headless Chromium: a member registers itself and a colleague for an event with one
place left (the colleague waits), gets the confirmation with the .ics; the secretariat, on a
phone-sized screen, finds the member at the door and checks them in with one tap."""

import os

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from events.models import Registration
from members.roles import SECRETARIAT
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, ContactFactory, MembershipFactory, UserFactory
from tests.helpers import browser_log_in, totp_install

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, url, email):
    """The password, then (staff) the authenticator's code: two-factor log-in is on here."""
    browser_log_in(page, url, email, PASSWORD)


def test_a_member_registers_a_colleague_and_the_secretariat_checks_in(
    browser_page, live_server, settings
):
    settings.SITE_URL = live_server.url
    cache.clear()
    base = live_server.url
    company = MembershipFactory(organisation__legal_name="架空参加株式会社").organisation
    member = UserFactory(email="sanka@example.jp")
    ContactFactory(
        organisation=company, user=member, email=member.email, family_name="参加", given_name="一郎"
    )
    colleague = ContactFactory(
        organisation=company, email="dooryo@example.jp", family_name="同僚", given_name="二郎"
    )
    event = EventFactory(title="ブラウザの勉強会", capacity=1)
    clerk = UserFactory(groups=[SECRETARIAT])
    totp_install(clerk)
    page = browser_page()

    # 1. The member ticks itself and its colleague: one place, so the colleague waits.
    log_in(page, base + f"/accounts/login/?next=/portal/events/{event.pk}/", member.email)
    page.wait_for_url(f"**/portal/events/{event.pk}/")
    page.check(f"#contact-{colleague.pk}")
    expect(page.locator(f"#contact-{member.contact.pk}")).to_be_checked()
    page.click("[data-testid=register-form] button[type=submit]")
    page.wait_for_url(f"**/portal/events/{event.pk}/")
    listed = page.locator("[data-testid=company-registrations]")
    expect(listed).to_contain_text("参加 一郎")
    expect(listed).to_contain_text("キャンセル待ち")
    confirmation = next(m for m in mail.outbox if m.to == [member.email])
    assert "参加登録のご確認" in confirmation.subject
    assert confirmation.attachments[0][0].endswith(".ics")
    assert any(m.to == [colleague.email] and "キャンセル待ち" in m.subject for m in mail.outbox)

    # 2. At the door, on a phone: search by company, one tap.
    phone = browser_page(width=390, height=844)
    log_in(
        phone, base + f"/accounts/login/?next=/secretariat/events/{event.pk}/checkin/", clerk.email
    )
    phone.wait_for_url(f"**/secretariat/events/{event.pk}/checkin/")
    phone.fill("input[name=q]", "参加")
    phone.press("input[name=q]", "Enter")
    row = phone.locator("[data-testid=checkin-row]", has_text="参加 一郎")
    row.locator("button[type=submit]").click()
    expect(
        phone.locator("[data-testid=checkin-row]", has_text="参加 一郎").locator("button")
    ).to_contain_text("受付済み")
    registration = Registration.objects.get(event=event, contact=member.contact)
    assert registration.attendance == "attended"
