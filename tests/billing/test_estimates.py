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
