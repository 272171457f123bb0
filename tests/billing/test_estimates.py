"""御見積書: the public calculator's and the secretariat's, numbered from one gapless series,
with the recurring fee, the payment terms, both halves for an uncertain admission date, and
none at all for an expert. Amounts are the brochure's: regular 入会費10万円 + 年会費50万円
(上期) / 25万円 (下期), SMB 5万円 + 10万円 / 5万円."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection

from aiga.models import AuditEntry
from billing.models import DocumentSequence, Estimate, FeeSchedule
from billing.selectors import estimate_quotes, quote_for
from billing.services import estimates
from tests.helpers import pdf_text as _pdf_text

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/billing/estimate.pdf"
REGULAR = {"category": "corporate", "capital": "300000000"}
RECURRING_REGULAR = "翌年度以降の年会費：年額500,000円（毎年10月にご請求）"
NO_FEE = "有識者会員には会費はかかりません"


@pytest.fixture
def no_board_meeting(monkeypatch):
    """No board meeting planned: the earliest admission date is today."""
    import billing.selectors

    monkeypatch.setattr(billing.selectors, "next_board_meeting_date", lambda after: None)


def pdf_text(content: bytes) -> str:
    """The PDF's text. The font draws 〜 (U+301C) and ～ (U+FF5E) with one glyph, which
    the text layer gives back as whichever the document used first: read both as 〜."""
    return _pdf_text(content).replace("\uff5e", "\u301c")


def ask(client, **params):
    return client.get(URL, {**REGULAR, "company": "株式会社サンプル銀行", **params})


# A known admission date --------------------------------------------------------------


def test_public_estimate_is_numbered_stored_and_complete(client, clock, issuer):
    clock(D(2026, 4, 1))
    issuer.payment_terms = "days"
    issuer.payment_days = 30
    issuer.save()

    response = ask(client, date="2026-05-20")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="AIGA-Q-2025-0001.pdf"' in response["Content-Disposition"]
    estimate = Estimate.objects.get()
    assert estimate.number == "AIGA-Q-2025-0001"
    assert estimate.source == "public"
    assert estimate.created_by is None
    assert estimate.addressee == "株式会社サンプル銀行"
    assert estimate.issue_date == D(2026, 4, 1)
    assert estimate.valid_until == D(2026, 5, 1)
    assert estimate.admission_date == D(2026, 5, 20)
    assert estimate.total == 350_000
    assert [line["amount"] for line in estimate.lines] == [100_000, 250_000]
    assert estimate.next_year_annual_fee == 500_000
    assert estimate.alternatives == []
    assert estimate.inputs == {
        "category": "corporate",
        "capital_kind": "plain",
        "capital": 300_000_000,
        "parent_ratio": None,
        "date": "2026-05-20",
    }
    assert not estimate.pdf  # the public one keeps no file; the row holds what it prints
    assert AuditEntry.objects.filter(action="estimate.create", object_id=str(estimate.pk)).exists()

    text = pdf_text(response.content)
    assert "御見積書" in text
    assert "株式会社サンプル銀行御中" in text
    assert "見積番号AIGA-Q-2025-0001" in text
    assert "見積日2026年4月1日" in text
    assert "有効期限2026年5月1日" in text
    # Admitted on 20 May: the second half (April to September), as the subject says.
    assert "件名：2025年度入会費・年会費（下期入会）" in text
    assert "合計金額¥350,000-" in text
    assert "入会費（正会員・通常枠）" in text and "¥100,000" in text and "¥250,000" in text
    assert "年会費（正会員・通常枠、2026年4月1日〜2026年9月30日）" in text
    assert RECURRING_REGULAR in text
    assert "上記の合計金額には含まれません" in text
    assert "お支払条件ご請求書発行日から30日以内に銀行振込" in text
    assert "備考" in text and "本見積書は請求書ではありません" in text
    # 入会費, as the brochure writes it (only the cited 通達's own words may say 入会金).
    assert "入会費及び年会費は消費税の課税対象外" in text
    assert "入会金及び年会費は消費税" not in text
    # The admission-date assumption, once.
    assert text.count("2026年5月20日") == 1
    assert "入会日を2026年5月20日と想定して算出しています" in text
    assert "2025年度の下期" not in text and "指定された入会予定日" not in text


def test_the_recurring_line_is_not_part_of_the_total(client, clock, issuer):
    clock(D(2025, 10, 1))
    response = ask(client, date="2025-11-20")
    estimate = Estimate.objects.get()
    assert estimate.total == 600_000  # 100,000 + 500,000, not + another 500,000
    text = pdf_text(response.content)
    assert "合計金額¥600,000-" in text
    assert RECURRING_REGULAR in text


def test_smb_recurring_fee(client, clock, issuer):
    clock(D(2025, 10, 1))
    response = ask(client, capital="50,000,000", date="2026-04-16")
    text = pdf_text(response.content)
    assert "合計金額¥100,000-" in text  # 50,000 + 50,000 (下期)
    assert "翌年度以降の年会費：年額100,000円（毎年10月にご請求）" in text


def test_the_recurring_fee_is_the_schedule_in_force_next_year(client, clock, issuer):
    clock(D(2026, 12, 1))
    FeeSchedule.objects.create(
        tier="regular",
        effective_from=D(2027, 10, 1),
        admission_fee=120_000,
        annual_fee_first_half=600_000,
        annual_fee_second_half=300_000,
    )
    text = pdf_text(ask(client, date="2027-01-15").content)
    assert "合計金額¥600,000-" in text  # this year's schedule
    assert "翌年度以降の年会費：年額600,000円（毎年10月にご請求）" in text


def test_payment_terms_next_month_end(client, clock, issuer):
    clock(D(2025, 10, 1))
    text = pdf_text(ask(client, date="2025-11-20").content)
    assert "お支払条件ご請求書発行日の翌月末までに銀行振込" in text


def test_two_public_estimates_get_consecutive_numbers_and_refusals_take_none(client, clock):
    clock(D(2026, 12, 3))
    first = ask(client, date="2026-12-17")
    refused_expert = ask(client, category="expert", date="2026-12-17")
    refused_past = ask(client, date="2026-12-02")
    second = ask(client, company="みらいAIラボ株式会社")
    assert [first.status_code, refused_expert.status_code, refused_past.status_code] == [
        200,
        400,
        400,
    ]
    assert second.status_code == 200
    numbers = list(Estimate.objects.order_by("id").values_list("number", flat=True))
    assert numbers == ["AIGA-Q-2026-0001", "AIGA-Q-2026-0002"]
    assert "AIGA-Q-2026-0002" in pdf_text(second.content)
    admin_made = estimates.estimate_create(
        quotes=[quote_for(category="corporate", capital=1, admission_date=D(2027, 1, 20))],
        addressee="株式会社サンプル",
        actor=None,
        issue_date=D(2026, 12, 3),
    )
    assert admin_made.number == "AIGA-Q-2026-0003"  # one series, the admin's and the public's


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_public_estimates_get_distinct_consecutive_numbers(seeded_schedule):
    from billing.models import IssuerProfile

    IssuerProfile.current()
    quotes = [quote_for(category="corporate", capital=1, admission_date=D(2027, 1, 20))]
    barrier = threading.Barrier(3, timeout=20)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker(n):
        try:
            barrier.wait()
            estimate = estimates.estimate_create(
                quotes=quotes,
                addressee=f"株式会社サンプル{n}",
                actor=None,
                source=Estimate.Source.PUBLIC,
                issue_date=D(2026, 12, 3),
            )
            numbers.append(estimate.number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(numbers) == ["AIGA-Q-2026-0001", "AIGA-Q-2026-0002", "AIGA-Q-2026-0003"]
    assert DocumentSequence.objects.get(series="estimate", fiscal_year=2026).last_number == 3


@pytest.fixture
def seeded_schedule():
    import importlib

    from django.apps import apps

    importlib.import_module("billing.migrations.0003_seed").seed_schedule(apps, None)


# An uncertain admission date: both halves ----------------------------------------------


def test_no_date_prices_both_halves(client, clock, issuer, no_board_meeting):
    clock(D(2026, 12, 3))  # 2026年度上期
    response = ask(client)
    assert response.status_code == 200
    estimate = Estimate.objects.get()
    assert estimate.admission_date is None
    assert estimate.lines == []
    assert [(a["half"], a["fiscal_year"], a["total"]) for a in estimate.alternatives] == [
        ("first", 2026, 600_000),
        ("second", 2026, 350_000),
    ]
    assert estimate.total == 600_000  # the most it can be
    assert estimate.inputs["date"] is None

    text = pdf_text(response.content)
    assert "上期（10月〜翌3月）入会の場合¥600,000-" in text
    assert "下期（4月〜9月）入会の場合¥350,000-" in text
    assert "（2026年12月3日〜2027年3月31日の入会）" in text
    assert "（2027年4月1日〜2027年9月30日の入会）" in text
    assert "年会費（正会員・通常枠、2026年10月1日〜2027年9月30日）" in text
    assert "年会費（正会員・通常枠、2027年4月1日〜2027年9月30日）" in text
    # Both halves priced: the subject names neither.
    assert "件名：2026年度入会費・年会費下記" in text
    # The assumption, once, and no single date assumed.
    assert text.count("入会日（理事会での入会承認日）が未定のため") == 1
    assert "と想定して算出" not in text
    assert text.count(RECURRING_REGULAR) == 1


def test_no_date_in_the_second_half_prices_this_half_and_the_next_years_first(
    client, clock, no_board_meeting
):
    clock(D(2027, 5, 10))  # 2026年度下期
    text = pdf_text(ask(client, capital="1").content)
    estimate = Estimate.objects.get()
    assert [(a["half"], a["fiscal_year"], a["total"]) for a in estimate.alternatives] == [
        ("second", 2026, 100_000),
        ("first", 2027, 150_000),
    ]
    assert "件名：2026年度・2027年度入会費・年会費" in text
    assert "翌年度以降の年会費：年額100,000円（毎年10月にご請求）" in text


def test_no_date_starts_from_the_next_board_meeting(clock, monkeypatch):
    import billing.selectors

    clock(D(2027, 3, 25))
    # The next meeting is in April: the first half is out of reach already.
    monkeypatch.setattr(billing.selectors, "next_board_meeting_date", lambda after: D(2027, 4, 15))
    quotes = estimate_quotes(category="corporate", capital=300_000_000)
    assert [(q.half, q.fiscal_year, q.admission_date) for q in quotes] == [
        ("second", 2026, D(2027, 4, 15)),
        ("first", 2027, D(2027, 10, 1)),
    ]


def test_the_calculator_says_an_empty_date_gives_both_halves(client, clock, no_board_meeting):
    clock(D(2026, 12, 3))
    html = client.get("/membership/", REGULAR).content.decode()
    assert "入会予定日が空欄の場合は、上期入会・下期入会の両方の金額を記載します。" in html
    given = client.get("/membership/", {**REGULAR, "date": "2027-01-20"}).content.decode()
    assert "両方の金額を記載します" not in given


# Experts, past dates and other refusals ----------------------------------------------------


@pytest.mark.parametrize("date", ["", "2027-01-20"])
def test_no_estimate_for_an_expert_by_url(client, clock, monkeypatch, date):
    clock(D(2026, 12, 3))
    rendered = []
    monkeypatch.setattr(estimates, "estimate_pdf", lambda *, estimate: rendered.append(1))
    response = client.get(URL, {"category": "expert", "date": date, "company": "山田 太郎"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert NO_FEE in response.content.decode()
    assert rendered == []
    assert not Estimate.objects.exists()
    assert not DocumentSequence.objects.filter(series="estimate", last_number__gt=0).exists()


def test_a_past_admission_date_is_refused_with_the_reason(client, clock):
    clock(D(2026, 12, 3))
    response = ask(client, date="2026-12-02")
    assert response.status_code == 400
    assert response.content.decode() == (
        "見積書を作成できません: 入会予定日が過去の日付です。今後の日付を入力してください"
        "（空欄の場合は上期入会・下期入会の両方の金額を記載します）。"
    )
    assert ask(client, date="2026-12-03").status_code == 200  # today's board meeting
    assert Estimate.objects.count() == 1


@pytest.mark.parametrize(
    "params",
    [
        {"category": "corporate", "capital": "abc", "company": "X社"},
        {"category": "corporate", "capital": "300000000", "date": "2027-05-20"},
        {"category": "nonsense", "company": "X社"},
    ],
)
def test_public_estimate_bad_input_is_400(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert not Estimate.objects.exists()


@pytest.mark.parametrize(
    "params,message",
    [
        ({"date": "9999-12-31"}, "までの日付で入力してください"),
        ({"date": "0000-01-01"}, "存在しない日付"),
        ({"date": "abc"}, "YYYY-MM-DD"),
        ({"capital": str(2**63)}, "資本金の金額が大きすぎます"),
        ({"company": "株式会社\x00サンプル"}, "使用できない制御文字（NUL）"),
        ({"company": ""}, "宛名（会社名）を入力してください"),
        ({"company": " 御中"}, "宛名（会社名）を入力してください"),
    ],
)
def test_public_estimate_bad_input_is_400_with_a_message(params, message):
    from django.test import Client

    query = {"category": "corporate", "capital": "300000000", "company": "X社", **params}
    response = Client(raise_request_exception=False).get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()
    assert not Estimate.objects.exists()


# The rate limits ------------------------------------------------------------------------


def test_public_estimate_is_rate_limited_per_client(client, monkeypatch):
    """The eleventh request in a minute from one address answers 429 and renders no PDF;
    another address still gets its estimate."""
    rendered = []

    def fake_pdf(*, estimate):
        rendered.append(estimate.addressee)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(estimates, "estimate_pdf", fake_pdf)
    query = {"category": "corporate", "capital": "300000000", "company": "X社"}
    answers = [client.get(URL, query, REMOTE_ADDR="203.0.113.5").status_code for _ in range(11)]
    assert answers == [200] * 10 + [429]
    assert len(rendered) == 10
    refused = client.get(URL, query, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "しばらくしてからお試しください" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")
    assert len(rendered) == 10
    assert Estimate.objects.count() == 10  # a refused request takes no number
    other = client.get(URL, query, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200 and len(rendered) == 11


def test_public_estimate_has_a_daily_cap(client, monkeypatch):
    """A client that spreads its requests over the day still stops at the daily cap."""
    import time
    import zlib

    monkeypatch.setattr(estimates, "estimate_pdf", lambda *, estimate: b"%PDF-1.7 fake")
    query = {"category": "corporate", "capital": "300000000", "company": "X社"}
    # django-ratelimit staggers each key's windows by a hash of the key: start just after
    # this address's day begins, so the hundred minutes below fall in one day.
    day = 86_400
    clock = [20_000 * day + zlib.crc32(b"127.0.0.1") % day + 1.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    answers = []
    for _ in range(101):
        clock[0] += 61  # a new minute each time
        answers.append(client.get(URL, query).status_code)
    assert answers[:100] == [200] * 100
    assert answers[100] == 429


def test_the_rate_limit_counts_the_client_behind_the_proxies(client, settings, monkeypatch):
    """Behind TRUSTED_PROXY_COUNT proxies, each visitor has its own count, not the proxy's."""
    monkeypatch.setattr(estimates, "estimate_pdf", lambda *, estimate: b"%PDF-1.7 fake")
    settings.TRUSTED_PROXY_COUNT = 1
    query = {"category": "corporate", "capital": "300000000", "company": "X社"}

    def ask_as(visitor):
        return client.get(
            URL, query, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=visitor
        ).status_code

    assert [ask_as("203.0.113.5") for _ in range(11)][-1] == 429
    assert ask_as("198.51.100.9") == 200


# The secretariat's estimates -----------------------------------------------------------------


def test_admin_estimate_is_numbered_and_stored(issuer):
    quote = quote_for(
        category="corporate", capital=50_000_000, admission_date=datetime.date(2025, 11, 20)
    )
    estimate = estimates.estimate_create(
        quotes=[quote],
        addressee="みらいAIラボ株式会社 御中",
        actor=None,
        issue_date=datetime.date(2025, 11, 1),
    )
    assert estimate.number == "AIGA-Q-2025-0001"
    assert estimate.source == "admin"
    assert estimate.addressee == "みらいAIラボ株式会社"  # 御中 is printed once by the template
    assert estimate.valid_until == datetime.date(2025, 12, 1)
    assert estimate.pdf_sha256
    text = pdf_text(estimate.pdf.read())
    assert "みらいAIラボ株式会社御中" in text
    assert text.count("2025年11月20日") == 1
    assert "合計金額¥150,000-" in text
    assert "翌年度以降の年会費：年額100,000円（毎年10月にご請求）" in text
    assert "お支払条件ご請求書発行日の翌月末までに銀行振込" in text
    assert estimate.total == quote.total == 150_000


def test_admin_estimate_form(client, clock):
    from tests.factories import UserFactory

    clock(D(2026, 4, 1))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        "/admin/billing/estimate/add/",
        {
            "addressee": "株式会社サンプル銀行",
            "category": "corporate",
            "capital": "300000000",
            "admission_date": "2026-05-20",
        },
    )
    assert response.status_code == 302
    estimate = Estimate.objects.get()
    assert estimate.inputs["date"] == "2026-05-20"
    assert estimate.pdf  # the secretariat's estimate keeps its file
    assert client.get(f"/admin/billing/estimate/{estimate.pk}/pdf/").status_code == 200


def test_admin_estimate_without_a_date_prices_both_halves(client, clock, no_board_meeting):
    from tests.factories import UserFactory

    clock(D(2026, 12, 3))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        "/admin/billing/estimate/add/",
        {"addressee": "株式会社サンプル銀行", "category": "corporate", "capital": "1"},
    )
    assert response.status_code == 302
    estimate = Estimate.objects.get()
    assert [a["total"] for a in estimate.alternatives] == [150_000, 100_000]
    text = pdf_text(estimate.pdf.read())
    assert "上期（10月〜翌3月）入会の場合¥150,000-" in text
    assert "下期（4月〜9月）入会の場合¥100,000-" in text
    listing = client.get("/admin/billing/estimate/").content.decode()
    assert "¥150,000 / ¥100,000" in listing


def test_admin_opens_a_public_estimate_drawn_again_from_its_row(client, clock):
    from tests.factories import UserFactory

    clock(D(2026, 12, 3))
    assert ask(client, date="2027-01-20").status_code == 200
    estimate = Estimate.objects.get()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(f"/admin/billing/estimate/{estimate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "AIGA-Q-2026-0001" in text and "株式会社サンプル銀行御中" in text


def test_admin_cannot_make_an_estimate_for_an_expert(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(
        "/admin/billing/estimate/add/",
        {"addressee": "山田 太郎", "category": "expert", "admission_date": "2030-01-20"},
    )
    assert response.status_code == 200
    assert NO_FEE in response.content.decode()
    assert not Estimate.objects.exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("admission_date", "9999-12-31", "までの日付で入力してください"),
        ("capital", str(10**30), "金額が大きすぎます"),
    ],
)
def test_admin_estimate_form_refuses_absurd_figures(field, value, message):
    from django.test import Client

    from tests.factories import UserFactory

    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = {
        "addressee": "株式会社サンプル銀行",
        "category": "corporate",
        "capital": "300000000",
        "admission_date": "2026-05-20",
        field: value,
    }
    response = client.post("/admin/billing/estimate/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Estimate.objects.exists()
