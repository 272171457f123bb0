"""The whole joining flow in headless Chromium, as the people involved do it:

1. the applicant agrees and submits the form on the public page (Japanese input);
2. the secretariat logs in to the admin, records the review checklist and forwards the
   application to the board;
3. a director approves it in the board's queue (/board/), which issues the first invoice;
4. the secretariat records the full payment in the admin, which issues the membership;
5. the new member opens the invitation link from the e-mail, sets a password and reaches
   the portal.

Transactional tests flush the database, so the fixture puts back what the data migrations
seeded (fee schedule, issuer profile, agreements, officers); groups and e-mail templates are
recreated by post_migrate after each flush."""

import os
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright
from stdnum.jp import cn

from billing.models import Invoice
from members.admissions import workflow
from members.admissions.models import Application
from members.models import BoardMeeting, Industry, Membership
from members.roles import BOARD, SECRETARIAT
from tests.factories import PASSWORD, UserFactory
from tests.helpers import browser_log_in, pdf_text, totp_install
from tests.members.admissions.board_helpers import MeetingFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

COMPANY = "架空ブラウザ試験株式会社"
EMAIL = "hanako@example.jp"


@pytest.fixture
def seeded(db):
    """The conftest puts back what the data migrations created; the form needs an industry."""
    Industry.objects.get_or_create(name="情報通信業")
    cache.clear()


@pytest.fixture
def page(live_server):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def agree_after_reading(page, base):
    """From the home page by its links, reading a document in full before agreeing."""
    page.goto(base + "/")
    page.click("#cta-apply")
    page.wait_for_url("**/apply/")
    with page.expect_popup() as opened:
        page.click("a[data-document=articles]")
    document = opened.value
    document.wait_for_load_state()
    expect(document.locator("#document-text")).to_contain_text("第1条")
    expect(document.locator("h1")).to_contain_text("定款")
    document.close()
    boxes = page.locator("input[name^=doc_]").all()
    assert boxes, "no agreement documents on the page"
    for box in boxes:
        box.check()
    page.fill("#id_agreed_by_name", "緑川 花子")
    page.click("text=同意して申込フォームへ進む")
    page.wait_for_url("**/apply/form/")


def apply(page, base):
    agree_after_reading(page, base)
    page.fill("#id_legal_name", COMPANY)
    page.fill("#id_legal_name_kana", "かくうぶらうざしけん")
    page.fill("#id_postal_code", "１０４００６１")
    page.wait_for_function("document.querySelector('#id_city').value === '中央区'")
    page.fill("#id_address_line", "銀座1-2-3 架空ビル4階")
    page.fill("#id_share_capital", "５０，０００，０００")
    page.locator("#id_share_capital").dispatch_event("change")
    page.wait_for_selector("#quote-body[data-tier=smb]")
    page.select_option("#id_industry", label="情報通信業")
    page.check("#id_ai_role_2")
    page.fill("#id_legal_family_name", "青山")
    page.fill("#id_legal_given_name", "次郎")
    page.fill("#id_legal_title", "代表取締役")
    page.fill("#id_rep_family_name", "緑川")
    page.fill("#id_rep_given_name", "花子")
    page.fill("#id_rep_family_name_kana", "ﾐﾄﾞﾘｶﾜ")
    page.fill("#id_rep_given_name_kana", "はなこ")
    page.fill("#id_rep_email", EMAIL)
    page.fill("#id_rep_phone", "０３－１２３４－５６７８")
    page.check("#id_prac_same")
    page.select_option("#id_bill_same", "rep")
    page.fill("#id_applicant_name", "緑川 花子")
    page.fill("#id_applicant_title", "CTO")
    page.fill("#id_applicant_email", EMAIL)
    page.fill("#id_corporate_number", cn.calc_check_digit("701040108999") + "701040108999")
    page.check("#id_authorised")
    page.click("#btn-submit")
    page.wait_for_url("**/apply/done/")
    expect(page.locator("h1")).to_contain_text("お申込みを受け付けました")


def log_in(page, url, email):
    browser_log_in(page, url, email, PASSWORD)


def test_applicant_to_portal_entirely_in_the_browser(page, live_server, seeded, settings):
    settings.SITE_URL = live_server.url
    base = live_server.url
    today = timezone.localdate()  # Tokyo: the meeting is held today and decided today
    MeetingFactory(date=today, kind=BoardMeeting.Kind.HELD, status=BoardMeeting.Status.PLANNED)
    clerk = UserFactory(groups=[SECRETARIAT], full_name="事務局 一子")
    totp_install(clerk)
    director = UserFactory(groups=[BOARD], full_name="理事 二郎")
    totp_install(director)

    # 1. The applicant finds the form from the home page and applies.
    apply(page, base)
    application = Application.objects.get(legal_name=COMPANY)
    assert application.status == workflow.Status.SUBMITTED

    # 2. The secretariat reviews and forwards in the admin.
    log_in(page, base + "/admin/login/", clerk.email)
    page.wait_for_url(base + "/admin/")
    page.goto(f"{base}/admin/admissions/applicationreview/overview/")
    expect(page.locator("#content")).to_contain_text(COMPANY)
    page.goto(f"{base}/admin/admissions/applicationreview/{application.pk}/change/")
    expect(page.locator("#content")).to_contain_text(COMPANY)
    expect(page.locator("#content")).to_contain_text("審査チェックリスト")
    check_form = page.locator("form[action$='/check/']")
    for kind in ("antisocial", "corporate_number", "capital", "parent_member"):
        check_form.locator("#id_kind").select_option(kind)
        check_form.locator("#id_result").select_option("ok")
        check_form.locator("#id_method").fill("新聞記事・データベース検索")
        check_form.locator("#id_source").fill("登記簿謄本・国税庁 法人番号公表サイト")
        check_form.locator("[type=submit]").click()
        expect(page.locator("ul.messagelist li.success")).to_contain_text("確認を記録しました。")
        check_form = page.locator("form[action$='/check/']")
    expect(page.locator("#content")).not_to_contain_text("未記録")
    page.get_by_role("button", name="理事会の議題に追加").click()
    expect(page.locator("ul.messagelist li.success")).to_contain_text(
        "理事会の議題に追加しました。"
    )
    expect(page.locator("#content")).to_contain_text("理事会に代わって決議を記録")
    expect(page.get_by_role("button", name="理事会の議題に追加")).to_have_count(0)
    application.refresh_from_db()
    assert application.status == workflow.Status.WITH_BOARD

    # 3. A director who reads English approves it in the queue.
    log_in(page, base + "/accounts/login/", director.email)
    page.goto(base + "/board/")
    page.locator("#language-switcher button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    card = page.locator(".card", has_text=COMPANY)
    card.locator("input[name=decision][value=approve]").check()
    card.locator("textarea[name=note]").fill("Approved unanimously")
    card.get_by_role("button", name="Record resolution").click()
    expect(page.get_by_role("alert")).to_have_count(1)
    expect(page.get_by_role("alert")).to_contain_text(
        f"The resolution for {COMPANY} has been recorded."
    )
    application.refresh_from_db()
    assert application.status == workflow.Status.INVOICED
    invoice = Invoice.objects.get(application=application)
    assert invoice.status == "issued"
    # The invoice is a Japanese document whatever the director reads.
    assert "年度 入会費・年会費（" in invoice.subject and invoice.subject.endswith("期入会）")
    assert invoice.lines.first().description.startswith("入会費（正会員・")
    text = pdf_text(invoice.pdf.read())
    assert "請求書" in text and "入会費" in text and "年会費" in text
    for english in ("Admission", "Annual", "Invoice", "Ordinary"):
        assert english not in text
    page.locator("#language-switcher button[value=ja]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")

    # 4. The secretariat records the full payment.
    log_in(page, base + "/admin/login/", clerk.email)
    page.goto(f"{base}/admin/billing/invoice/{invoice.pk}/change/")
    page.get_by_role("link", name="入金を記録").click()
    page.wait_for_url(f"**/admin/billing/invoice/{invoice.pk}/payment/")
    expect(page.locator("#content")).to_contain_text(invoice.number)
    assert page.input_value("#id_amount") == f"{invoice.total:,}"  # yen as written
    page.fill("#id_payer_name", "カクウブラウザシケン（カ")
    page.locator("input[type=submit][value=実行]").click()
    page.wait_for_url(f"**/admin/billing/invoice/{invoice.pk}/change/")
    expect(page.locator("ul.messagelist li")).to_contain_text("入金済になりました。")

    application.refresh_from_db()
    assert application.status == workflow.Status.MEMBER
    organisation = application.organisation
    organisation.refresh_from_db()
    assert organisation.member_number

    # 5. The new member accepts the invitation and reaches the portal.
    invitation = next(m for m in mail.outbox if m.to == [EMAIL] and "招待" in m.subject)
    link = re.search(r"https?://\S+/portal/invitation/\S+/", invitation.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_test_id("login-email")).to_have_text(EMAIL)
    page.fill("#id_new_password1", "Browser-Member-2026!")
    page.fill("#id_new_password2", "Browser-Member-2026!")
    page.get_by_role("button", name="パスワードを設定してログイン").click()
    page.wait_for_url(f"{base}/portal/")
    expect(page.locator("h1")).to_have_text(COMPANY)
    expect(page.locator("body")).to_contain_text(organisation.member_number)
    page.screenshot(path="/tmp/e2e_portal.png", full_page=True)

    # The database agrees with what the people saw.
    membership = Membership.objects.get(organisation=organisation)
    assert membership.category == Membership.Category.SMB
    assert membership.admission_date == today
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert invoice.balance == 0


def test_an_expert_applies_with_affiliation_and_title(page, live_server, seeded):
    from members.models import Officer

    officer = Officer.objects.filter(is_active=True).first()
    base = live_server.url
    agree_after_reading(page, base)
    page.check("#id_category_1")  # 有識者会員
    expect(page.locator("#id_affiliation")).to_be_visible()
    expect(page.locator("#id_legal_name")).to_be_hidden()
    expect(page.locator("label[for=id_authorised]")).to_contain_text("申込内容が事実であること")
    page.fill("#id_affiliation", "架空大学 大学院情報学研究科")
    page.select_option("#id_recommender", str(officer.pk))
    page.fill("#id_expert_profile", "AI倫理とガバナンスの研究に従事しています。")
    page.fill("#id_rep_family_name", "黒田")
    page.fill("#id_rep_given_name", "直子")
    page.fill("#id_rep_family_name_kana", "くろだ")
    page.fill("#id_rep_given_name_kana", "なおこ")
    page.fill("#id_rep_title", "教授")
    page.fill("#id_rep_email", "naoko@example.ac.jp")
    page.fill("#id_rep_phone", "090-1234-5678")
    page.fill("#id_applicant_name", "黒田 直子")
    page.fill("#id_applicant_email", "naoko@example.ac.jp")
    page.check("#id_authorised")
    page.click("#btn-submit")
    page.wait_for_url("**/apply/done/")
    application = Application.objects.get(applicant_email="naoko@example.ac.jp")
    assert application.category == "expert"
    assert application.legal_name == "架空大学 大学院情報学研究科"
    assert application.contacts.get().title == "教授"
