import datetime
import io

import pytest
from pypdf import PdfReader

from billing.models import Estimate
from billing.selectors import quote_for
from billing.services import estimates

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "")


def test_public_estimate_pdf(client):
    response = client.get(
        "/billing/estimate.pdf",
        {
            "category": "corporate",
            "capital": "300000000",
            "date": "2026-05-20",
            "company": "株式会社サンプル銀行",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "御見積書" in text
    assert "株式会社サンプル銀行御中" in text
    assert "2026年5月20日" in text  # the admission-date assumption
    assert "有効期限" in text
    assert "入会費" in text and "¥350,000" in text
    assert not Estimate.objects.exists()  # the public one is not stored


@pytest.mark.parametrize(
    "params",
    [
        {"category": "corporate", "capital": "abc", "company": "X社"},
        {"category": "corporate", "capital": "300000000", "date": "2026-05-20"},
        {"category": "nonsense", "company": "X社"},
    ],
)
def test_public_estimate_bad_input_is_400(client, params):
    response = client.get("/billing/estimate.pdf", params)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "params,message",
    [
        ({"date": "9999-12-31"}, "までの日付で入力してください"),
        ({"date": "0000-01-01"}, "存在しない日付"),
        ({"date": "abc"}, "YYYY-MM-DD"),
        ({"capital": str(2**63)}, "資本金の金額が大きすぎます"),
        ({"company": "株式会社\x00サンプル"}, "使用できない制御文字（NUL）"),
        ({"company": ""}, "宛名（会社名）を入力してください"),
    ],
)
def test_public_estimate_bad_input_is_400_with_a_message(params, message):
    from django.test import Client

    query = {"category": "corporate", "capital": "300000000", "company": "X社", **params}
    response = Client(raise_request_exception=False).get("/billing/estimate.pdf", query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert message in response.content.decode()


def test_public_estimate_is_rate_limited_per_client(client, monkeypatch):
    """The eleventh request in a minute from one address answers 429 and renders no PDF;
    another address still gets its estimate."""
    rendered = []

    def fake_pdf(*, estimate):
        rendered.append(estimate.addressee)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(estimates, "estimate_pdf", fake_pdf)
    query = {"category": "corporate", "capital": "300000000", "company": "X社"}
    answers = [
        client.get("/billing/estimate.pdf", query, REMOTE_ADDR="203.0.113.5").status_code
        for _ in range(11)
    ]
    assert answers == [200] * 10 + [429]
    assert len(rendered) == 10
    refused = client.get("/billing/estimate.pdf", query, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429
    assert "しばらくしてからお試しください" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")
    assert len(rendered) == 10
    other = client.get("/billing/estimate.pdf", query, REMOTE_ADDR="198.51.100.9")
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
        answers.append(client.get("/billing/estimate.pdf", query).status_code)
    assert answers[:100] == [200] * 100
    assert answers[100] == 429


def test_the_rate_limit_counts_the_client_behind_the_proxies(client, settings, monkeypatch):
    """Behind TRUSTED_PROXY_COUNT proxies, each visitor has its own count, not the proxy's."""
    monkeypatch.setattr(estimates, "estimate_pdf", lambda *, estimate: b"%PDF-1.7 fake")
    settings.TRUSTED_PROXY_COUNT = 1
    query = {"category": "corporate", "capital": "300000000", "company": "X社"}

    def ask(visitor):
        return client.get(
            "/billing/estimate.pdf", query, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=visitor
        ).status_code

    assert [ask("203.0.113.5") for _ in range(11)][-1] == 429
    assert ask("198.51.100.9") == 200


def test_admin_estimate_is_numbered_and_stored():
    quote = quote_for(
        category="corporate", capital=50_000_000, admission_date=datetime.date(2025, 11, 20)
    )
    estimate = estimates.estimate_create(
        quote=quote,
        addressee="みらいAIラボ株式会社 御中",
        actor=None,
        issue_date=datetime.date(2025, 11, 1),
    )
    assert estimate.number == "AIGA-Q-2025-0001"
    assert estimate.addressee == "みらいAIラボ株式会社"  # 御中 is printed once by the template
    assert estimate.valid_until == datetime.date(2025, 12, 1)
    text = _text(estimate.pdf.read())
    assert "みらいAIラボ株式会社御中" in text
    assert "2025年11月20日" in text
    assert estimate.total == quote.total


def test_admin_estimate_form(client):
    from tests.factories import UserFactory

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
    assert client.get(f"/admin/billing/estimate/{estimate.pk}/pdf/").status_code == 200


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
