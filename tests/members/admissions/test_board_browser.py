"""A director on the demo data, in headless Chromium: logs in, finds the meeting the board
can act on today already open on /board/, downloads the board pack and records a decision —
without anyone editing a date."""

import pytest
from django.core.management import call_command

from members.admissions.models import AgendaItem, BoardDecision
from tests.helpers import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_downloads_the_pack_and_decides_on_the_demo_data(
    browser_page, live_server, settings
):
    settings.SITE_URL = live_server.url
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    pending_before = AgendaItem.objects.filter(outcome="pending").count()
    page = browser_page()
    browser_log_in(page, live_server.url + "/accounts/login/", "riji@example.jp", "aiga-demo-2026")
    page.goto(live_server.url + "/board/")
    form = page.locator("form[action*='/board/decide/']").first
    assert form.count() == 1, "the demo gives the director nothing to decide today"
    with page.expect_download() as download:
        page.click("#pack-pdf")
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pack:
        assert pack.read(5) == b"%PDF-"
    form.locator("input[name=decision][value=approve]").check()
    form.locator("button").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").first.inner_text()
    assert BoardDecision.objects.filter(recorded_by__email="riji@example.jp").count() == 1
    assert AgendaItem.objects.filter(outcome="pending").count() == pending_before - 1
