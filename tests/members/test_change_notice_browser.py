"""A 変更届 in headless Chromium, as the people involved do it: the member's 会員代表者 files
a new capital from the portal (crossing the SMB line), the secretariat sees it flagged in the
admin and approves it, and the member sees the new capital and the notice approved."""

import os

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from members.models import ChangeNotice
from members.roles import SECRETARIAT
from tests.factories import (
    PASSWORD,
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import browser_log_in, totp_install

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, url, email):
    browser_log_in(page, url, email, PASSWORD)


def test_a_change_notice_from_the_member_to_the_secretariat_and_back(
    browser_page, live_server, settings
):
    settings.SITE_URL = live_server.url
    cache.clear()
    base = live_server.url
    company = OrganisationFactory(
        legal_name="架空変更届株式会社",
        legal_name_kana="カクウヘンコウトドケ",
        share_capital=80_000_000,
    )
    MembershipFactory(organisation=company, category="smb")
    member = UserFactory(email="daihyo@example.jp", full_name="代表 一郎")
    ContactFactory(
        organisation=company,
        user=member,
        email=member.email,
        family_name="代表",
        given_name="一郎",
        is_member_representative=True,
    )
    clerk = UserFactory(groups=[SECRETARIAT], full_name="事務局 一子")
    totp_install(clerk)
    page = browser_page()

    # 1. The member files the notice from the portal: the form holds today's values.
    log_in(page, base + "/accounts/login/?next=/portal/profile/", member.email)
    page.wait_for_url("**/portal/profile/")
    expect(page.locator("#share-capital")).to_contain_text("80,000,000")
    page.click("#file-notice")
    page.wait_for_url("**/portal/profile/notices/new/")
    expect(page.locator("#id_legal_name")).to_have_value("架空変更届株式会社")
    page.fill("#id_share_capital", "１億５０００万")  # as people type it
    page.fill("#id_member_note", "増資しました。")
    page.click("#notice-form button[type=submit]")
    page.wait_for_url("**/portal/profile/notices/*/")
    expect(page.locator("#notice-status")).to_have_text("確認中")
    expect(page.locator("#notice-changes")).to_contain_text("150,000,000")
    notice = ChangeNotice.objects.get(organisation=company)
    assert list(notice.changes) == ["share_capital"] and notice.crosses_smb_line
    assert any("会員区分の確認が必要" in m.subject for m in mail.outbox)

    # 2. The secretariat sees it flagged in the admin and approves it.
    log_in(page, base + "/admin/login/?next=/admin/members/changenotice/", clerk.email)
    page.wait_for_url("**/admin/members/changenotice/")
    page.click(f"a[href$='/admin/members/changenotice/{notice.pk}/change/']")
    expect(page.locator("body")).to_contain_text("SMB枠の基準をまたぎます")
    page.click("form[action$='/actions/approve/'] [type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("登録内容に反映しました")
    company.refresh_from_db()
    assert company.share_capital == 150_000_000
    history = company.history.order_by("-history_id").first()
    assert history.history_user == clerk and f"No.{notice.pk}" in history.history_change_reason

    # 3. The member sees it applied.
    log_in(page, base + "/accounts/login/?next=/portal/profile/", member.email)
    page.wait_for_url("**/portal/profile/")
    expect(page.locator("#share-capital")).to_contain_text("150,000,000")
    expect(page.locator("#notices")).to_contain_text("承認・反映済み")
    assert any(m.to == [member.email] and "承認" in m.subject for m in mail.outbox)
