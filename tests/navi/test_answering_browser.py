"""A newcomer at the bank, on the demo data, in headless Chromium: answers an area of the
ver2.0 assessment by clicking the level cards (each saved as it is chosen, the progress bar
moving), finds the answers still there after a reload, is told when a save fails, and uses
the keyboard; then answers the rest, submits and sees the score and the tier."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from navi.models import NaviAnswer, NaviAssessment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, url):
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", "member-bank@example.jp")
    page.fill("#id_password", "aiga-demo-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _bank_in_progress() -> NaviAssessment:
    """The bank's assessment of the demo's open round. Its April answers were carried over;
    this newcomer answers 組織体制整備 afresh, the rest confirmed as they stand."""
    assessment = NaviAssessment.objects.get(
        organisation__legal_name="株式会社みなと未来銀行", round__status="open"
    )
    assessment.answers.filter(item__area__key="organisation").delete()
    assessment.answers.update(carried_over=False)
    return assessment


def _choose(page, item_key, number):
    """Click a level's card and wait for its save to come back."""
    with page.expect_response(re.compile(rf"/items/{item_key}/$")) as response:
        page.click(f"label[for=item-{item_key}-level-{number}]")
    assert response.value.status == 200
    # The response is in; htmx swaps it in just after.
    expect(page.locator(f"#item-{item_key}-status")).to_contain_text("保存しました")


def test_a_newcomer_answers_with_autosave_submits_and_sees_the_tier(
    browser_page, live_server, settings
):
    settings.SITE_URL = live_server.url
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assessment = _bank_in_progress()
    page = browser_page()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/portal/navi/{assessment.pk}/")
    page.click("text=組織体制整備")
    assert page.url.endswith(f"/portal/navi/{assessment.pk}/areas/organisation/")

    keys = page.locator("section.navi-item").evaluate_all("els => els.map(e => e.id.slice(5))")
    assert len(keys) == 5
    for index, key in enumerate(keys):
        _choose(page, key, 3 if index % 2 else 4)
        expect(page.locator("#area-progress")).to_contain_text(f"{index + 1} / 5 項目回答済み")
    assert (
        NaviAnswer.objects.filter(
            assessment=assessment, item__area__key="organisation", level__isnull=False
        ).count()
        == 5
    )

    # A comment saves as it is typed (after a pause), and a reload keeps everything.
    page.locator(f"#item-{keys[0]} summary").click()
    with page.expect_response(re.compile(rf"/items/{keys[0]}/$")):
        page.fill(f"#id_item-{keys[0]}-comment", "取締役会で担当役員を決議済み")
    page.reload()
    assert page.locator(f"#item-{keys[0]}-level-4").is_checked()
    assert NaviAnswer.objects.get(assessment=assessment, item__key=keys[0]).comment == (
        "取締役会で担当役員を決議済み"
    )
    expect(page.locator(f"#item-{keys[0]}-status")).to_contain_text("最終更新：青木 真理")

    # The keyboard: the level cards are radio buttons (arrow keys move the choice).
    page.focus(f"#item-{keys[1]}-level-3")
    with page.expect_response(re.compile(rf"/items/{keys[1]}/$")):
        page.keyboard.press("ArrowRight")
    assert page.locator(f"#item-{keys[1]}-level-4").is_checked()
    expect(page.locator(f"#item-{keys[1]}-status")).to_contain_text("保存しました")

    # A save that cannot reach the server says so, and the choice stays on screen.
    page.route(re.compile(r"/items/"), lambda route: route.abort())
    page.click(f"label[for=item-{keys[2]}-level-2]")
    status = page.locator(f"#item-{keys[2]}-status")
    status.filter(has_text="保存できませんでした").wait_for()
    assert page.locator(f"#item-{keys[2]}-level-2").is_checked()
    page.unroute(re.compile(r"/items/"))

    # The rest of the assessment, area by area, then submission.
    for area in ("rules", "people", "risks", "transparency"):
        page.goto(f"{live_server.url}/portal/navi/{assessment.pk}/areas/{area}/")
        for key in page.locator("section.navi-item").evaluate_all(
            "els => els.map(e => e.id.slice(5))"
        ):
            if not page.locator(f"input[name=item-{key}-level]:checked").count():
                _choose(page, key, 3)
    page.goto(f"{live_server.url}/portal/navi/{assessment.pk}/")
    page.click("#submit-assessment")
    page.wait_for_url(re.compile(r"/result/$"))
    score = page.locator("#overall-score").inner_text()
    assert re.match(r"\d\.\d\d", score)
    assert page.locator("#tier").inner_text() in (
        "リーダー企業",
        "チャレンジ企業",
        "スタートライン企業",
    )
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_an_area_at_phone_width(browser_page, live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assessment = _bank_in_progress()
    page = browser_page(390, 844)
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/portal/navi/{assessment.pk}/areas/risks/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    key = page.locator("section.navi-item").first.evaluate("e => e.id.slice(5)")
    _choose(page, key, 2)
