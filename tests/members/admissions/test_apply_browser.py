"""An applicant in headless Chromium: agrees, fills the form as people type it (postal-code
fill, live quote), saves a draft, resumes it from the e-mailed link and submits."""

import os

import pytest

from aiga.models import OutboxMessage
from members.admissions.models import Application
from members.models import Industry
from tests.helpers import DRAFT_LINK, emailed_link

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(locale="ja-JP", viewport={"width": 1200, "height": 900})
        yield context.new_page()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_applicant_agrees_saves_resumes_and_submits(page, live_server, tmp_path):
    from django.core.cache import cache

    cache.clear()
    Industry.objects.get_or_create(name="情報通信業")
    base = live_server.url
    page.goto(base + "/apply/")
    for box in page.locator("input[name^=doc_]").all():
        box.check()
    page.fill("#id_agreed_by_name", "緑川 花子")
    page.click("text=同意して申込フォームへ進む")
    page.wait_for_url("**/apply/form/")

    page.fill("#id_legal_name", "架空テクノロジー株式会社")
    page.fill("#id_legal_name_kana", "かくうてくのろじー")
    page.fill("#id_postal_code", "１０４００６１")
    page.wait_for_function("document.querySelector('#id_city').value === '中央区'")
    assert page.input_value("#id_prefecture") == "東京都"
    assert page.input_value("#id_address_line") == "銀座"
    page.fill("#id_address_line", "銀座1-2-3 架空ビル4階")
    page.fill("#id_share_capital", "５０，０００，０００")
    page.locator("#id_share_capital").dispatch_event("change")
    page.wait_for_selector("#quote-body[data-tier=smb]")
    assert "SMB" in page.inner_text("#quote")
    page.fill("#id_applicant_name", "緑川 花子")
    page.fill("#id_applicant_email", "hanako@example.jp")
    page.click("#btn-save")
    page.wait_for_selector("text=下書きを保存しました")
    draft = Application.objects.get()
    assert draft.status == "draft" and draft.city == "中央区"

    # Resume in a fresh browser context from the e-mailed link.
    link = emailed_link(DRAFT_LINK, to="hanako@example.jp")
    path = link.split("/apply/", 1)[1]
    page.context.clear_cookies()
    page.goto(base + "/apply/" + path)
    page.wait_for_url("**/apply/form/")
    assert page.input_value("#id_legal_name") == "架空テクノロジー株式会社"
    assert page.input_value("#id_legal_name_kana") == "カクウテクノロジー"

    # Submitting with a wrong check digit shows the error next to the field.
    page.select_option("#id_industry", label="情報通信業")
    page.check("#id_ai_role_2")
    page.fill("#id_legal_family_name", "青山")
    page.fill("#id_legal_given_name", "次郎")
    page.fill("#id_legal_title", "代表取締役")
    page.fill("#id_rep_family_name", "緑川")
    page.fill("#id_rep_given_name", "花子")
    page.fill("#id_rep_family_name_kana", "ﾐﾄﾞﾘｶﾜ")
    page.fill("#id_rep_given_name_kana", "はなこ")
    page.fill("#id_rep_email", "hanako@example.jp")
    page.fill("#id_rep_phone", "０３－１２３４－５６７８")
    page.check("#id_prac_same")
    page.select_option("#id_bill_same", "rep")
    page.fill("#id_applicant_title", "CTO")
    page.fill("#id_corporate_number", "１２３４５６７８９０１２３")  # wrong check digit
    page.check("#id_authorised")
    page.click("#btn-submit")
    page.wait_for_selector("#form-errors")
    assert "チェックディジット" in page.inner_text("#div_id_corporate_number")

    from stdnum.jp import cn

    page.fill("#id_corporate_number", cn.calc_check_digit("701040108999") + "701040108999")
    page.check("#id_authorised")
    page.click("#btn-submit")
    page.wait_for_url("**/apply/done/")
    assert "お申込みを受け付けました" in page.inner_text("h1")
    page.screenshot(path=str(tmp_path / "done.png"))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.quoted_tier == "smb"
    keys = sorted(
        OutboxMessage.objects.exclude(template_key="application_draft_link").values_list(
            "template_key", flat=True
        )
    )
    assert keys == ["application_notice_secretariat", "application_received"]
