"""In headless Chromium: after the board's approval and the recorded payment, the new
member opens the invitation link from the e-mail, sets a password and reaches the portal;
the company appears on the public members' page.

The earlier steps in the browser (applying, the checklist, the board queue) are covered by
the applications and board browser tests; here they run through the same services."""

import datetime
import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect, sync_playwright

from billing.invoicing import payment_record
from billing.models import Invoice
from members import workflow
from tests.members.board_helpers import secretariat
from tests.members.onboarding_helpers import decide

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


@pytest.fixture
def page(live_server):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(locale="ja-JP")
        yield context.new_page()
        browser.close()


def test_new_member_sets_a_password_from_the_invitation_and_reaches_the_portal(
    page, live_server, settings
):
    settings.SITE_URL = live_server.url
    application, _meeting = decide(
        datetime.date(2026, 3, 12), list_publicly=True, legal_name="架空ブラウザ試験株式会社"
    )
    invoice = Invoice.objects.get(source_key=f"application:{application.pk}")
    payment_record(
        invoice=invoice,
        paid_on=datetime.date(2026, 4, 10),
        amount=invoice.total,
        payer_name="カクウブラウザ",
        method="bank_transfer",
        actor=secretariat(),
    )
    application.refresh_from_db()
    assert application.status == workflow.Status.MEMBER

    invitation = next(
        m for m in mail.outbox if m.to == [application.applicant_email] and "招待" in m.subject
    )
    link = re.search(r"https?://\S+/portal/invitation/\S+/", invitation.body).group(0)
    page.goto(link)
    expect(page.get_by_test_id("login-email")).to_have_text(application.applicant_email)
    page.fill("#id_new_password1", "Browser-Member-2026!")
    page.fill("#id_new_password2", "Browser-Member-2026!")
    page.get_by_role("button", name="パスワードを設定してログイン").click()
    page.wait_for_url(f"{live_server.url}/portal/")
    application.organisation.refresh_from_db()
    expect(page.locator("body")).to_contain_text(application.organisation.member_number)
    page.screenshot(path="/tmp/onboard_portal.png", full_page=True)

    # The link works once.
    page.goto(link)
    expect(page.locator("body")).to_contain_text("既に使用されています")

    page.goto(f"{live_server.url}/members/")
    expect(page.get_by_test_id("member-listing")).to_contain_text("架空ブラウザ試験株式会社")
    page.screenshot(path="/tmp/onboard_members.png", full_page=True)
