"""Fixtures every test package uses."""

import pytest

from billing.models import IssuerProfile


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page one test cached (the public members'
    page, rate-limit counters) is not another test's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issuer(db):
    profile = IssuerProfile.current()
    profile.registration_number = "T1234567890123"
    profile.person_in_charge = "事務局 鈴木"
    profile.save()
    return profile


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(live_server):
    """A factory of headless Chromium pages (Japanese locale) at a chosen window size."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        def new_page(width: int = 1200, height: int = 900):
            context = browser.new_context(
                locale="ja-JP", viewport={"width": width, "height": height}
            )
            return context.new_page()

        yield new_page
        browser.close()
