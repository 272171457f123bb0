"""The public membership page: categories, steps, and the calculator with and without JS."""

import datetime
import re

import pytest
from django.urls import reverse

from billing.models import FeeSchedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NO_FEE = "有識者会員には会費はかかりません（入会費・年会費ともにございません）。"


@pytest.fixture(autouse=True)
def today(clock):
    """The first day of 2025年度: every admission date below is ahead of it."""
    return clock(D(2025, 10, 1))


def field(html: str, name: str) -> str:
    match = re.search(rf'data-field="{name}">([^<]*)<', html)
    assert match, f"no {name} in the page"
    return match.group(1).strip()


def test_public_urls():
    assert reverse("billing:membership") == "/membership/"


def test_page_explains_categories_votes_and_seven_steps(client):
    response = client.get("/membership/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("正会員", "SMB・スタートアップ枠", "有識者会員", "総会議決権", "あり（1社1口）"):
        assert text in html
    assert "なし（オブザーバ参加も可能）" in html
    assert "WG活動・イベントへの参加" in html
    assert len(re.findall(r'data-step="\d"', html)) == 7
    assert "理事会における入会承認" in html
    assert "5及び6の手続がスキップ" in html
    # The table's amounts come from the schedule.
    assert "¥500,000" in html and "¥250,000" in html and "¥50,000" in html
    # No quote until asked, and htmx is vendored.
    assert 'id="quote-empty"' in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert 'hx-get="/billing/quote/fragment/"' in html


def test_nav_and_home_link_to_the_page(client):
    html = client.get("/").content.decode()
    assert html.count('href="/membership/"') >= 2


CASES = [
    ({"category": "corporate", "capital": "100,000,000", "date": "2026-03-31"}, "smb"),
    (
        {"category": "corporate", "capital": "１００，０００，００１", "date": "2026-04-01"},
        "regular",
    ),
    (
        {"category": "corporate", "capital": "1000", "parent_ratio": "50.1", "date": "2025-10-01"},
        "regular",
    ),
]


@pytest.mark.parametrize(("data", "tier"), CASES)
def test_form_post_answers_the_same_quote_as_json(client, data, tier):
    expected = client.get("/billing/quote/", data).json()
    assert expected["tier"] == tier
    response = client.post("/membership/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-tier="{tier}"' in html
    assert f'data-total="{expected["total"]}"' in html
    assert field(html, "admission_fee") == f"¥{expected['admission_fee']:,}"
    assert field(html, "annual_fee") == f"¥{expected['annual_fee']:,}"
    assert field(html, "total") == f"¥{expected['total']:,}"
    for reason in expected["reasons"]:
        assert reason in html
    # The form keeps what was typed.
    assert f'value="{data["date"]}"' in html


def test_the_quote_states_the_fee_of_later_years(client):
    data = {"category": "corporate", "capital": "300000000", "date": "2026-04-01"}
    for response in (client.post("/membership/", data), client.get("/membership/", data)):
        html = response.content.decode()
        assert field(html, "next_year_annual_fee") == (
            "翌年度以降の年会費：年額500,000円（毎年10月にご請求）"
        )
        assert "下期入会" in html
    smb = client.get("/billing/quote/fragment/", {**data, "capital": "1"}).content.decode()
    assert "翌年度以降の年会費：年額100,000円（毎年10月にご請求）" in smb


@pytest.mark.parametrize("date", ["", "2025-10-01", "2026-04-01", "2026-09-30"])
def test_an_expert_is_told_there_is_nothing_to_pay(client, date):
    data = {"category": "expert", "capital": "", "date": date}
    for response in (
        client.post("/membership/", data),
        client.get("/membership/", data),
        client.get("/billing/quote/fragment/", data),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        result = html[html.index('id="quote-result"') :]
        assert 'data-tier="expert"' in html
        assert NO_FEE in result
        for text in ("上期", "下期", "翌年度", "年会費（", "合計", "御見積書"):
            assert text not in result, text
        assert 'id="estimate-form"' not in html
        assert 'id="quote-apply"' in result  # experts apply too


@pytest.mark.parametrize(("data", "tier"), CASES)
def test_get_with_query_and_htmx_fragment_agree(client, data, tier):
    expected = client.get("/billing/quote/", data).json()
    page = client.get("/membership/", data).content.decode()
    fragment = client.get("/billing/quote/fragment/", data, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    fragment_html = fragment.content.decode()
    assert "<html" not in fragment_html
    for html in (page, fragment_html):
        assert field(html, "total") == f"¥{expected['total']:,}"
        assert f'data-tier="{tier}"' in html


def test_post_needs_no_javascript_but_keeps_csrf(client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    page = csrf_client.get("/membership/")
    token = page.cookies["csrftoken"].value
    ok = csrf_client.post(
        "/membership/",
        {
            "csrfmiddlewaretoken": token,
            "category": "corporate",
            "capital": "1",
            "date": "2026-01-05",
        },
    )
    assert ok.status_code == 200
    assert field(ok.content.decode(), "total") == "¥150,000"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "corporate", "capital": "-5", "date": "2026-01-05"}, "0円以上"),
        ({"category": "corporate", "capital": "abc", "date": "2026-01-05"}, "数字"),
        ({"category": "corporate", "capital": "", "date": "2026-01-05"}, "資本金（円）を入力"),
        ({"category": "corporate", "capital": "1", "parent_ratio": "120"}, "0から100"),
        ({"category": "corporate", "capital": "1", "date": "2026-02-30"}, "存在しない日付"),
        ({"category": "corporate", "capital": "1", "date": "2020-01-01"}, "過去の日付"),
        ({"category": "corporate", "capital": "1", "date": "2025-09-30"}, "過去の日付"),
        ({"category": "other", "capital": "1"}, "corporate"),
    ],
)
def test_bad_input_shows_the_error_not_a_500(client, data, message):
    for response in (
        client.post("/membership/", data),
        client.get("/billing/quote/fragment/", data),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="quote-errors"' in html
        assert message in html
        assert 'id="quote-result"' not in html


def test_a_past_date_is_explained_in_the_calculator(client):
    data = {"category": "corporate", "capital": "1", "date": "2025-09-30"}
    html = client.get("/billing/quote/fragment/", data).content.decode()
    assert (
        "入会予定日が過去の日付です。今後の日付を入力してください"
        "（空欄の場合は次回の理事会の開催日で計算します）。"
    ) in html
    page = client.get("/membership/").content.decode()
    assert 'min="2025-10-01"' in page  # the date picker offers no past day


def test_english_page_shows_english_reasons(client):
    client.cookies["django_language"] = "en"
    html = client.post(
        "/membership/", {"category": "corporate", "capital": "1", "date": "2026-01-05"}
    ).content.decode()
    assert "Share capital of ¥1 is ¥100,000,000 or less" in html


def test_page_shows_a_schedule_change_in_force(client, monkeypatch):
    FeeSchedule.objects.create(
        tier="smb",
        effective_from=D(2025, 1, 1),
        admission_fee=55_555,
        annual_fee_first_half=111_111,
        annual_fee_second_half=44_444,
    )
    html = client.get("/membership/").content.decode()
    assert "¥55,555" in html and "¥111,111" in html


# The admin: the secretariat edits the schedule without touching code --------------------


def test_secretariat_changes_the_schedule_in_the_admin(client):
    from members.roles import ensure_groups

    ensure_groups()
    user = UserFactory(groups=["Secretariat"])
    client.force_login(user)
    listing = client.get("/admin/billing/feeschedule/?tier__exact=regular")
    assert listing.status_code == 200
    assert "100,000" in listing.content.decode() or "100000" in listing.content.decode()

    row = FeeSchedule.objects.get(tier="regular", effective_from=D(2024, 10, 1))
    url = f"/admin/billing/feeschedule/{row.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "tier": "regular",
            "effective_from": "2024-10-01",
            "admission_fee": "110000",
            "annual_fee_first_half": "550000",
            "annual_fee_second_half": "275000",
            "note": "改定",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert (row.admission_fee, row.annual_fee_first_half, row.annual_fee_second_half) == (
        110_000,
        550_000,
        275_000,
    )
    quote = client.get(
        "/billing/quote/", {"category": "corporate", "capital": "200000000", "date": "2026-04-01"}
    ).json()
    assert (quote["admission_fee"], quote["annual_fee"]) == (110_000, 275_000)


def test_secretariat_adds_a_later_schedule_in_the_admin(client):
    from members.roles import ensure_groups

    ensure_groups()
    client.force_login(UserFactory(groups=["Secretariat"]))
    response = client.post(
        "/admin/billing/feeschedule/add/",
        {
            "tier": "smb",
            "effective_from": "2026-10-01",
            "admission_fee": "60000",
            "annual_fee_first_half": "120000",
            "annual_fee_second_half": "60000",
            "note": "",
        },
    )
    assert response.status_code == 302
    params = {"category": "corporate", "capital": "1"}
    before = client.get("/billing/quote/", {**params, "date": "2026-09-30"}).json()
    after = client.get("/billing/quote/", {**params, "date": "2026-10-01"}).json()
    assert before["total"] == 100_000
    assert after["total"] == 180_000


def test_negative_amount_is_refused_in_the_admin(client):
    from members.roles import ensure_groups

    ensure_groups()
    client.force_login(UserFactory(groups=["Secretariat"]))
    row = FeeSchedule.objects.get(tier="smb", effective_from=D(2024, 10, 1))
    response = client.post(
        f"/admin/billing/feeschedule/{row.pk}/change/",
        {
            "tier": "smb",
            "effective_from": "2024-10-01",
            "admission_fee": "-1",
            "annual_fee_first_half": "100000",
            "annual_fee_second_half": "50000",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    row.refresh_from_db()
    assert row.admission_fee == 50_000


def test_anonymous_cannot_reach_the_schedule_admin(client):
    response = client.get("/admin/billing/feeschedule/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# In a real browser: htmx updates the quote as the visitor types -------------------------
# A live server needs transactional tests, whose flush wipes the schedule that migration
# 0003 seeds; the fixture puts the brochure's rows back the way the migration does.


@pytest.fixture
def seeded_schedule():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("billing.migrations.0003_seed")
    migration.seed_schedule(apps, None)
    assert FeeSchedule.objects.filter(effective_from=D(2024, 10, 1)).count() == 3


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls made here
    # (fixtures, assertions) are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(locale="ja-JP")
        yield page
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_quote_updates_as_the_visitor_types(live_server, seeded_schedule, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/membership/")
    assert page.locator("#quote-empty").is_visible()
    page.fill("#id_capital", "１００，０００，０００")
    page.fill("#id_date", "2026-03-31")
    page.wait_for_selector("#quote-result[data-tier='smb']", timeout=10_000)
    assert page.inner_text("[data-field='total']") == "¥150,000"
    # No full page load happened: the URL is unchanged and the form keeps its input.
    assert page.url == f"{live_server.url}/membership/"

    page.fill("#id_capital", "100,000,001")
    page.wait_for_selector("#quote-result[data-tier='regular']", timeout=10_000)
    assert page.inner_text("[data-field='total']") == "¥600,000"

    page.fill("#id_date", "2026-04-01")
    page.wait_for_selector("#quote-result[data-half='second']", timeout=10_000)
    assert page.inner_text("[data-field='total']") == "¥350,000"

    page.fill("#id_parent_ratio", "abc")
    page.wait_for_selector("#quote-errors [data-field='parent_ratio']", timeout=10_000)

    page.fill("#id_parent_ratio", "")
    page.check("#id_category_1")
    page.wait_for_selector("#quote-result[data-tier='expert']", timeout=10_000)
    assert page.inner_text("#quote-no-fee") == NO_FEE
    assert page.locator("#estimate-form").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_calculator_works_with_javascript_disabled(live_server, seeded_schedule, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_context(java_script_enabled=False, locale="ja-JP").new_page()
        page.goto(f"{live_server.url}/membership/")
        page.fill("#id_capital", "50,000,000")
        page.fill("#id_parent_ratio", "50")
        page.fill("#id_date", "2026-04-01")
        page.click("button[type=submit]:has-text('計算する')")
        page.wait_for_selector("#quote-result", timeout=10_000)
        assert page.get_attribute("#quote-result", "data-tier") == "smb"
        assert page.inner_text("[data-field='total']") == "¥100,000"
        browser.close()


@pytest.mark.django_db
def test_quote_offers_an_estimate_pdf_with_the_same_figures(client):
    params = {"category": "corporate", "capital": "５０，０００，０００", "date": "2026-04-16"}
    html = client.get("/membership/", params).content.decode()
    assert 'id="estimate-form"' in html
    assert 'name="capital" value="５０，０００，０００"' in html
    assert 'name="date" value="2026-04-16"' in html
    pdf = client.get("/billing/estimate.pdf", {**params, "company": "架空見積株式会社"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    missing = client.get("/billing/estimate.pdf", params)
    assert missing.status_code == 400
    assert "宛名" in missing.content.decode()


@pytest.mark.django_db
def test_no_estimate_for_an_expert(client):
    html = client.get("/membership/", {"category": "expert"}).content.decode()
    assert 'id="quote-result"' in html
    assert 'id="estimate-form"' not in html
    assert NO_FEE in html
