"""/membership/ on a phone (390 px wide): nothing wider than the screen, the categories
readable as cards, the call to apply within reach."""

import pytest

PAGE_WIDER_THAN_SCREEN = "document.documentElement.scrollWidth"
SCREEN = "document.documentElement.clientWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_membership_page_fits_a_phone(browser_page, live_server):
    page = browser_page(width=390, height=844)
    page.goto(live_server.url + "/membership/")
    assert page.evaluate(PAGE_WIDER_THAN_SCREEN) <= page.evaluate(SCREEN) == 390
    # Each category is a card, its requirement as wide as the screen, not a squeezed column.
    cell = page.locator('#categories tr[data-tier="regular"] td').first.bounding_box()
    assert cell["width"] > 300
    # A quote, once shown, fits too.
    page.fill("#quote-form [name=capital]", "50,000,000")
    page.locator("#quote-form button[type=submit]").click()
    page.wait_for_selector("#quote-result")
    assert page.evaluate(PAGE_WIDER_THAN_SCREEN) <= 390
    assert page.locator("#quote-apply").is_visible()
    assert page.locator("#cta-apply").get_attribute("href") == "/apply/"
