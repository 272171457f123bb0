"""Fixtures every test package uses."""

import pytest

from billing.models import IssuerProfile

# A fictional bank account: invoices and estimates refuse the seeded placeholder.
TEST_BANK_ACCOUNT = {
    "bank_name": "テスト銀行",
    "bank_code": "9998",
    "branch_name": "テスト支店",
    "branch_code": "998",
    "account_number": "7654321",
    "account_holder_kana": "シヤ）エーアイガバナンスキヨウカイ",
}


def set_bank_account(profile: IssuerProfile) -> IssuerProfile:
    for field, value in TEST_BANK_ACCOUNT.items():
        setattr(profile, field, value)
    profile.save()
    return profile


@pytest.fixture(autouse=True)
def bank_account_set(request):
    """Every test with the database starts with a bank account set, as a configured install
    has; a test of the refusal clears it (`bank_account_clear`)."""
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        return
    request.getfixturevalue("_django_db_helper")
    set_bank_account(IssuerProfile.current())


def bank_account_clear(profile: IssuerProfile | None = None, **fields) -> IssuerProfile:
    """The issuer as a fresh install has it (the seeded 〇〇 placeholder), or with `fields`."""
    profile = profile or IssuerProfile.current()
    placeholder = {
        "bank_name": "〇〇銀行（事務局で設定してください）",
        "bank_code": "0000",
        "branch_name": "〇〇支店（事務局で設定してください）",
        "branch_code": "000",
        "account_number": "0000000",
        "account_holder_kana": "シヤ）エーアイガバナンスキヨウカイ（事務局で設定してください）",
    }
    for field, value in {**placeholder, **fields}.items():
        setattr(profile, field, value)
    profile.save()
    return profile


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
    return set_bank_account(profile)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _browser_tests_require_the_second_factor(request):
    """The browser tests run as production does: staff and directors give a second factor."""
    if request.node.get_closest_marker("browser"):
        request.getfixturevalue("settings").TWO_FACTOR_REQUIRED = True


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
